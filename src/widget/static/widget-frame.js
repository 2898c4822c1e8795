// Runs inside the widget's frame (/widget) and does one thing: tells the page around it how tall the
// widget's content is, so the partner's script (/widget.js) can size the frame without a scroll bar.
// The frame is sandboxed without allow-same-origin (both by the partner's iframe attribute and by the
// CSP `sandbox` directive of /widget), so this document has an opaque origin: it cannot read the
// portal's cookies or storage, and it cannot reach the partner's page except through postMessage.
// It sends only a number, never anything read from the page around it.
(function () {
  'use strict';
  if (window.parent === window) return;
  var last = -1;
  function send() {
    // offsetHeight of <html>: the content's height, not the frame's (scrollHeight never shrinks below
    // the frame's height, which would keep a frame that only ever grows).
    var height = Math.ceil(document.documentElement.offsetHeight);
    if (height === last) return;
    last = height;
    // '*': the partner's origin is not known here (any site may embed the widget); the message is a
    // height, nothing private.
    window.parent.postMessage({ type: 'lastmile-widget-height', height: height }, '*');
  }
  if (typeof ResizeObserver === 'function') new ResizeObserver(send).observe(document.documentElement);
  window.addEventListener('load', send);
  send();
})();
