// @authenio/samlify-xmllint-wasm ships no TypeScript types; samlify's schema validator takes this shape.
declare module "@authenio/samlify-xmllint-wasm" {
  export function validate(xml: string): Promise<unknown>;
}
