// Sign-in: exchanges an access token for the HttpOnly session cookie. The URL
// is left as it is, so after signing in the requested page simply renders.
import { signIn } from '../../api.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { messageOf } from '../../ui/notice.ts';
import { t, tNodes } from '../../i18n/translate.ts';
import { languageSwitch } from '../../shell/language-switch.ts';

export function showLogin(root: HTMLElement, onSignedIn: () => void): void {
  document.title = `${t('login.pageTitle')} · Einblick`;
  const token = h('input', { id: 'token', name: 'token', type: 'password', required: true, autocomplete: 'current-password', spellcheck: 'false', 'aria-describedby': 'token-hint' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, t('login.submit'));
  const form = h(
    'form',
    { class: 'login', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, t('login.title')),
    h('label', { for: 'token' }, t('login.token')),
    token,
    h('p', { id: 'token-hint', class: 'hint' }, tNodes('login.hint', { command: h('code', null, 'npx einblick token create --role researcher') })),
    error,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    try {
      await signIn(token.value.trim());
      onSignedIn();
    } catch (err) {
      error.textContent = messageOf(err);
      submit.disabled = false;
      token.select();
    }
  });
  replaceChildren(root, h('main', { id: 'main', class: 'page page--narrow' }, h('div', { class: 'login-language' }, languageSwitch()), form));
  token.focus();
}
