// Lastmile widget loader (/widget.js), pasted by partner sites:
//   <div data-lastmile-widget data-audience="seniors" data-prefecture="23" data-lang="ja"></div>
//   <script src="https://PORTAL/widget.js" async></script>
// For each such div it adds a sandboxed <iframe> of PORTAL/widget and sizes it to its content.
//
// Why the partner page and the portal cannot script each other:
// - sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" and NOT allow-same-origin. The
//   frame needs scripts for one thing (widget-frame.js posts its height). Without allow-same-origin a
//   sandboxed frame gets an opaque origin: its document cannot read the portal's cookies or storage,
//   it is cross-origin to the partner page (contentDocument is null, window.parent.document throws),
//   and the partner page cannot reach into it either. allow-scripts together with allow-same-origin
//   would let the frame remove its own sandbox, so the two are never combined. /widget also sends a
//   CSP `sandbox` directive with the same flags, so this holds even for an iframe pasted without the
//   attribute. allow-popups(-to-escape-sandbox): its links open the portal in a new, normal tab
//   (rel="noopener noreferrer", so that tab gets no window.opener back to the partner page).
// - The only thing that crosses is a message {type:'lastmile-widget-height', height:number}, accepted
//   only from the frame's own window; it is clamped and used as a CSS height, never evaluated or
//   inserted as HTML.
// - Attributes are checked against fixed patterns and passed through URLSearchParams; no innerHTML.
// Everything lives in this function (no globals); loading the script twice adds nothing twice.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  var origin;
  try {
    origin = new URL(script.src).origin;
  } catch (e) {
    return;
  }
  var MIN = 100;
  var MAX = 2000;
  var PATTERNS = {
    audience: /^[a-z_]{1,40}$/,
    prefecture: /^(0[1-9]|[1-3][0-9]|4[0-7])$/,
    lang: /^(ja|en)$/,
    limit: /^([1-9]|10)$/,
    kinds: /^(advisories|events)(,(advisories|events))?$/,
  };
  var TITLES = { ja: '注意喚起とイベント（ラストワンマイル・ポータル）', en: 'Advisories and events (Lastmile portal)' };
  var frames = [];

  function build(el) {
    var params = new URLSearchParams();
    for (var name in PATTERNS) {
      if (!Object.prototype.hasOwnProperty.call(PATTERNS, name)) continue;
      var value = el.getAttribute('data-' + name);
      if (value === null || value === '') continue;
      if (!PATTERNS[name].test(value)) {
        // Keep the partner's fallback content (a plain link) rather than show something else than asked.
        if (window.console) console.warn('Lastmile widget: data-' + name + ' is not valid; the widget was not added.');
        return;
      }
      params.set(name, value);
    }
    var lang = params.get('lang') === 'en' ? 'en' : 'ja';
    var frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts allow-popups allow-popups-to-escape-sandbox');
    frame.setAttribute('title', TITLES[lang]);
    frame.setAttribute('loading', 'lazy');
    frame.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
    frame.setAttribute('src', origin + '/widget?' + params.toString());
    frame.style.display = 'block';
    frame.style.width = '100%';
    frame.style.maxWidth = '100%';
    frame.style.height = '480px';
    frame.style.border = '0';
    while (el.firstChild) el.removeChild(el.firstChild);
    el.appendChild(frame);
    frames.push(frame);
  }

  function init() {
    var nodes = document.querySelectorAll('div[data-lastmile-widget]');
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      // A second copy of this script (or a second run) leaves widgets already added alone.
      if (el.hasAttribute('data-lastmile-widget-added')) continue;
      el.setAttribute('data-lastmile-widget-added', '');
      build(el);
    }
  }

  window.addEventListener('message', function (event) {
    var frame = null;
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frame = frames[i];
        break;
      }
    }
    // The sandboxed frame's origin is opaque ("null"), so event.origin cannot identify it: the source
    // window can, and only windows of frames this script made are listened to.
    if (!frame) return;
    var data = event.data;
    if (!data || typeof data !== 'object' || Object.getPrototypeOf(data) !== Object.prototype) return;
    var keys = Object.keys(data);
    if (keys.length !== 2 || data.type !== 'lastmile-widget-height' || typeof data.height !== 'number' || !isFinite(data.height)) return;
    var height = Math.min(MAX, Math.max(MIN, Math.ceil(data.height)));
    frame.style.height = height + 'px';
  });

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
