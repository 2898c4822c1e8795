// The service worker, served at /sw.js (the root, so its scope is the whole site and no
// Service-Worker-Allowed header is needed). It only shows what the portal pushes and opens the
// message's page when the notification is chosen; it caches nothing and intercepts no requests.
//
// The payload comes from our own server (encrypted end to end through the push service), yet the URL is
// still checked: only http(s) is opened, anything else opens the portal's home page.
export const SERVICE_WORKER_JS = `'use strict';
self.addEventListener('install', function () { self.skipWaiting(); });
self.addEventListener('activate', function (event) { event.waitUntil(self.clients.claim()); });

function safeUrl(value) {
  try {
    var url = new URL(String(value), self.location.origin);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.href;
  } catch (e) {}
  return new URL('/', self.location.origin).href;
}

self.addEventListener('push', function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  var title = typeof data.title === 'string' && data.title ? data.title : 'Lastmile';
  var options = {
    body: typeof data.body === 'string' ? data.body : '',
    data: { url: safeUrl(data.url) },
    lang: data.lang === 'en' ? 'en' : 'ja',
    // An emergency stays on screen until the person acts on it.
    requireInteraction: data.severity === 'emergency'
  };
  // The same message delivered twice replaces itself instead of showing twice.
  if (typeof data.tag === 'string' && data.tag) options.tag = data.tag;
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener('notificationclick', function (event) {
  event.notification.close();
  var url = safeUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        if (windows[i].url === url && 'focus' in windows[i]) return windows[i].focus();
      }
      return self.clients.openWindow(url);
    })
  );
});
`;
