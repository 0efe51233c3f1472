// data-consent="tcf": follow an IAB TCF v2 CMP. Purpose 1 ("store and/or access
// information on a device") is the consent recording needs.
interface TcData { eventStatus?: string; listenerId?: number; purpose?: { consents?: Record<string, boolean> } }
type TcfApi = (command: string, version: number, callback: (data: TcData | boolean, ok: boolean) => void, param?: unknown) => void;

/** Calls onChange(granted) whenever the CMP has a decision; returns the function that stops following it. */
export function followTcf(onChange: (granted: boolean) => void): () => void {
  let timer = 0;
  let listenerId: number | undefined;
  let tries = 0;
  const api = () => (window as unknown as { __tcfapi?: TcfApi }).__tcfapi;
  const attach = () => {
    const tcf = api();
    // The CMP often loads after us: look for it for up to ten seconds.
    if (typeof tcf !== 'function') {
      if (tries++ < 50) timer = window.setTimeout(attach, 200);
      return;
    }
    tcf('addEventListener', 2, (data, ok) => {
      if (!ok || typeof data !== 'object') return;
      listenerId = data.listenerId;
      if (data.eventStatus === 'tcloaded' || data.eventStatus === 'useractioncomplete') onChange(data.purpose?.consents?.[1] === true);
    });
  };
  attach();
  return () => {
    clearTimeout(timer);
    if (listenerId !== undefined) api()?.('removeEventListener', 2, () => {}, listenerId);
  };
}
