// Why an asset could not be captured: what the fidelity report shows a researcher.

export const CAPTURE_REASONS = {
  personal: 'an image the site did not mark safe nor declare safe by address (strict mode): shown as a placeholder',
  private_address: 'its host is a loopback, private or link-local address, which the server does not fetch',
  unresolvable: 'its host name does not resolve',
  not_found: 'the site answered 404 or 410',
  http_error: 'the site answered with an error',
  too_large: 'larger than the size limit for its kind',
  wrong_type: 'its content type is not one a replay may use',
  timeout: 'the site did not answer in time',
  unreachable: 'the connection failed',
  too_many_redirects: 'too many redirects',
  not_http: 'not an http or https address',
  too_deep: 'imported by too many levels of @import',
} as const;

export type CaptureReason = keyof typeof CAPTURE_REASONS;

export class CaptureFailed extends Error {
  constructor(readonly reason: CaptureReason, readonly detail: string) {
    super(`${reason}: ${detail}`);
    this.name = 'CaptureFailed';
  }
}
