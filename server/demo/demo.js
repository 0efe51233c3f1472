// The demo shop's own behaviour: in-page navigation with the History API (so the
// recorder sees SPA page views), a cart, and two forms that go nowhere.
(() => {
  const views = document.querySelectorAll('.view');
  const cart = [];

  function show(page) {
    const name = ['shop', 'account', 'checkout'].includes(page) ? page : 'shop';
    for (const v of views) v.hidden = v.dataset.view !== name;
    for (const a of document.querySelectorAll('nav a')) {
      if (a.id === `nav-${name}`) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    document.title = `${{ shop: 'Shop', account: 'Open an account', checkout: 'Cart' }[name]} · Nordlicht Outdoor`;
  }

  const pageOf = (url) => new URL(url, location.href).searchParams.get('page') ?? 'shop';

  document.querySelector('nav').addEventListener('click', (e) => {
    const link = e.target.closest('a');
    if (!link || e.metaKey || e.ctrlKey) return;
    e.preventDefault();
    history.pushState({}, '', link.href);
    show(pageOf(link.href));
    window.scrollTo(0, 0);
  });
  addEventListener('popstate', () => show(pageOf(location.href)));

  function renderCart() {
    document.getElementById('cart-count').textContent = String(cart.length);
    const lines = document.getElementById('cart-lines');
    lines.replaceChildren(...cart.map((item) => Object.assign(document.createElement('li'), { textContent: `${item.name} — €${item.price}` })));
    document.getElementById('cart-total').textContent = `€${cart.reduce((sum, item) => sum + item.price, 0)}`;
  }
  for (const button of document.querySelectorAll('[id^="add-"]')) {
    button.addEventListener('click', () => {
      cart.push({ name: button.dataset.name, price: Number(button.dataset.price) });
      renderCart();
      button.textContent = 'Added ✓';
      setTimeout(() => (button.textContent = 'Add to cart'), 1200);
    });
  }

  document.getElementById('account-form').addEventListener('submit', (e) => {
    e.preventDefault();
    document.getElementById('account-done').hidden = false;
  });
  document.getElementById('pay').addEventListener('click', () => {
    document.getElementById('pay-done').hidden = false;
  });

  // The consent API by hand, for evaluators. The recorder's script may load after this one.
  const einblick = () => window.einblick;
  document.getElementById('demo-grant').addEventListener('click', () => einblick()?.consent.grant());
  document.getElementById('demo-revoke').addEventListener('click', () => einblick()?.consent.revoke());
  const status = document.getElementById('demo-consent-status');
  setInterval(() => (status.textContent = einblick()?.consent.status() ?? 'not loaded'), 500);

  show(pageOf(location.href));
  renderCart();
})();
