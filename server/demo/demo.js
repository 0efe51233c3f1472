// Nordlicht Outdoor, the demo shop Einblick serves at /demo.
//
// What a small real shop does, without a server behind it: three in-page "pages" switched
// with the History API (so the recorder sees SPA page views: /demo, /demo?page=account,
// /demo?page=checkout, and a reload lands on the same page), a cart, and two forms that
// go nowhere. The cart lives in memory only: this page itself writes no cookie and no
// storage, so whatever a visitor's browser holds before consent comes from Einblick alone.
//
// The recorder (/einblick.js) may be missing, blocked or late, so every use of
// window.einblick is guarded.
(function () {
  'use strict';

  var PAGES = ['shop', 'account', 'checkout'];
  var TITLES = {
    shop: 'Nordlicht Outdoor – Gear for long northern nights',
    account: 'Open an account – Nordlicht Outdoor',
    checkout: 'Checkout – Nordlicht Outdoor',
  };
  var PRODUCTS = {
    1: { name: 'Fjell 2 Tent', price: 349 },
    2: { name: 'Vidde 38 L Backpack', price: 179 },
    3: { name: 'Storm Shell Jacket', price: 229 },
    4: { name: 'Polar Down Sleeping Bag', price: 269 },
    5: { name: 'Lykt Camp Lantern', price: 49 },
    6: { name: 'Termo Steel Bottle', price: 35 },
  };
  var FREE_SHIPPING_FROM = 80;
  var SHIPPING = 4.9;

  var $ = function (id) { return document.getElementById(id); };

  // ---------- Einblick, if it is there ----------

  function einblick() {
    var e = window.einblick;
    return e && typeof e === 'object' ? e : null;
  }
  function track(name) {
    try {
      var e = einblick();
      if (e && typeof e.track === 'function') e.track(name);
    } catch (_) { /* a demo page never breaks because of its analytics */ }
  }

  // ---------- Pages ----------

  function pageFrom(search) {
    var page = null;
    try { page = new URLSearchParams(search).get('page'); } catch (_) { /* very old browser */ }
    return PAGES.indexOf(page) >= 0 ? page : 'shop';
  }
  function urlFor(page) {
    return location.pathname + (page === 'shop' ? '' : '?page=' + page);
  }

  function render(page) {
    var views = document.querySelectorAll('[data-page]');
    for (var i = 0; i < views.length; i++) views[i].hidden = views[i].getAttribute('data-page') !== page;
    for (var j = 0; j < PAGES.length; j++) {
      var link = $('nav-' + PAGES[j]);
      if (!link) continue;
      if (PAGES[j] === page) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    document.title = TITLES[page];
    if (page === 'checkout') renderCart();
  }

  function navigate(page) {
    if (location.pathname + location.search !== urlFor(page) || location.hash) {
      history.pushState({ page: page }, '', urlFor(page));
    }
    render(page);
    window.scrollTo(0, 0);
    // Move keyboard and screen-reader users to the new page's heading.
    var heading = document.querySelector('[data-page="' + page + '"] h1');
    if (heading) {
      try { heading.focus({ preventScroll: true }); } catch (_) { heading.focus(); }
    }
  }

  document.addEventListener('click', function (event) {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest && event.target.closest('a[data-page-link]');
    if (!link) return;
    var page = link.getAttribute('data-page-link');
    if (PAGES.indexOf(page) < 0) return;
    event.preventDefault();
    navigate(page);
  });

  window.addEventListener('popstate', function () {
    render(pageFrom(location.search));
  });

  // ---------- Cart ----------

  var cart = {}; // product id -> quantity

  function euros(amount) {
    return '€' + amount.toFixed(2);
  }
  function cartCount() {
    var n = 0;
    for (var id in cart) n += cart[id];
    return n;
  }
  function cartSubtotal() {
    var sum = 0;
    for (var id in cart) sum += PRODUCTS[id].price * cart[id];
    return sum;
  }

  function renderCount(bump) {
    var count = $('cart-count');
    var n = cartCount();
    count.textContent = String(n);
    count.classList.toggle('is-zero', n === 0);
    if (bump) {
      count.classList.remove('bump');
      void count.offsetWidth; // restart the animation
      count.classList.add('bump');
    }
  }

  function renderCart() {
    var lines = $('cart-lines');
    lines.textContent = '';
    var ids = Object.keys(cart);
    for (var i = 0; i < ids.length; i++) {
      var id = ids[i];
      var product = PRODUCTS[id];
      var li = document.createElement('li');
      li.className = 'cart-line';

      var name = document.createElement('span');
      name.className = 'cart-line-name';
      name.textContent = product.name;

      var price = document.createElement('span');
      price.className = 'cart-line-price';
      price.textContent = euros(product.price * cart[id]);

      var meta = document.createElement('span');
      meta.className = 'cart-line-meta';
      var qty = document.createElement('span');
      qty.textContent = 'Qty ' + cart[id];
      var remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'cart-line-remove';
      remove.setAttribute('data-remove', id);
      remove.textContent = 'Remove';
      remove.setAttribute('aria-label', 'Remove ' + product.name);
      meta.appendChild(qty);
      meta.appendChild(remove);

      li.appendChild(name);
      li.appendChild(price);
      li.appendChild(meta);
      lines.appendChild(li);
    }

    var subtotal = cartSubtotal();
    var shipping = subtotal === 0 || subtotal >= FREE_SHIPPING_FROM ? 0 : SHIPPING;
    $('cart-empty').hidden = ids.length > 0;
    $('cart-subtotal').textContent = euros(subtotal);
    $('cart-shipping').textContent = subtotal === 0 ? euros(0) : shipping === 0 ? 'Free' : euros(shipping);
    $('cart-total').textContent = euros(subtotal + shipping);
    $('pay-amount').textContent = euros(subtotal + shipping);
  }

  var toastTimer = 0;
  function toast(message) {
    var el = $('toast');
    el.textContent = message;
    el.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { el.hidden = true; }, 2400);
  }

  function onAdd(button) {
    var id = button.getAttribute('data-add');
    if (!PRODUCTS[id]) return;
    cart[id] = (cart[id] || 0) + 1;
    renderCount(true);
    renderCart();
    toast(PRODUCTS[id].name + ' added to your cart');
    button.textContent = 'Added ✓';
    button.classList.add('is-added');
    clearTimeout(button._reset);
    button._reset = setTimeout(function () {
      button.textContent = 'Add to cart';
      button.classList.remove('is-added');
    }, 1200);
    track('add_to_cart');
  }

  document.addEventListener('click', function (event) {
    var target = event.target;
    if (!target.closest) return;
    var add = target.closest('[data-add]');
    if (add) { onAdd(add); return; }
    var remove = target.closest('[data-remove]');
    if (remove) {
      delete cart[remove.getAttribute('data-remove')];
      renderCount(false);
      renderCart();
      $('pay-result').hidden = true;
    }
  });

  // ---------- Forms (nothing is sent anywhere) ----------

  $('account-form').addEventListener('submit', function (event) {
    event.preventDefault();
    this.hidden = true;
    var done = $('account-success');
    done.hidden = false;
    window.scrollTo(0, 0);
    try { done.focus({ preventScroll: true }); } catch (_) { done.focus(); }
    track('account_opened');
  });

  $('checkout-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var result = $('pay-result');
    if (cartCount() === 0) {
      result.className = 'notice is-warning';
      result.textContent = 'Your cart is empty – add something from the shop first.';
    } else {
      result.className = 'notice';
      result.textContent = 'Thank you! Order NL-' + (10400 + cartCount() * 7) +
        ' is confirmed. This is a demo, so nothing was charged.';
      track('payment_submitted');
    }
    result.hidden = false;
  });

  // ---------- The consent API by hand, for evaluators ----------

  var statusEl = $('demo-consent-status');
  function showStatus() {
    var text = 'not loaded';
    try {
      var e = einblick();
      if (e && e.consent && typeof e.consent.status === 'function') text = String(e.consent.status());
    } catch (_) { text = 'unavailable'; }
    if (statusEl.textContent !== text) statusEl.textContent = text;
  }

  $('demo-grant').addEventListener('click', function () {
    try {
      var e = einblick();
      if (e && e.consent && typeof e.consent.grant === 'function') e.consent.grant();
    } catch (_) { /* ignore */ }
    showStatus();
  });
  $('demo-revoke').addEventListener('click', function () {
    try {
      var e = einblick();
      if (e && e.consent && typeof e.consent.revoke === 'function') e.consent.revoke();
    } catch (_) { /* ignore */ }
    showStatus();
  });
  setInterval(showStatus, 500);

  // ---------- Start ----------

  if ('scrollRestoration' in history) history.scrollRestoration = 'auto';
  render(pageFrom(location.search));
  renderCount(false);
  renderCart();
  showStatus();
})();
