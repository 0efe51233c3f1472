// The web platform globals the contract room may use: those browsers and Node share
// with the same behaviour. Read only by contract/tsconfig.json, which checks this room
// without the DOM's or Node's types; the main build takes URL from those.
declare class URL {
  constructor(url: string, base?: string | URL);
  static canParse(url: string, base?: string): boolean;
  hash: string;
  host: string;
  hostname: string;
  href: string;
  readonly origin: string;
  password: string;
  pathname: string;
  port: string;
  protocol: string;
  search: string;
  username: string;
  toString(): string;
}
