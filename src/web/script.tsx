// Every <script> of a page goes through here so it carries the response's CSP nonce (web/csp-nonce.ts):
// without it the browser refuses to run it.
import { useContext } from 'preact/hooks';
import { NonceContext } from './csp-nonce.ts';

export function Script(props: { src: string; defer?: boolean; async?: boolean }) {
  const nonce = useContext(NonceContext);
  return <script src={props.src} defer={props.defer} async={props.async} nonce={nonce} />;
}
