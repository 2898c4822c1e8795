/* Lastmile: subscribing this browser to web push (/subscribe/push). Progressive enhancement: without
   this script, or in a browser without push support, the page keeps saying that notifications cannot
   be received here and points to email. Every text comes from the page (data-msg-*), in its language. */
(function () {
  'use strict';
  var form = document.getElementById('push-form');
  var unsupported = document.getElementById('push-unsupported');
  var statusBox = document.getElementById('push-status');
  var manage = document.getElementById('push-manage');
  var stopButton = document.getElementById('push-unsubscribe');
  if (!form || !unsupported || !statusBox || !manage || !stopButton) return;
  var supported = window.isSecureContext && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
  if (!supported) return;

  var api = form.getAttribute('data-api');
  var locale = form.getAttribute('data-locale') === 'en' ? 'en' : 'ja';
  var submitButton = form.querySelector('button[type=submit]');
  var busy = false;
  var registration = navigator.serviceWorker.register('/sw.js').then(function () {
    return navigator.serviceWorker.ready;
  });

  unsupported.hidden = true;
  form.hidden = false;
  registration
    .then(function (reg) { return reg.pushManager.getSubscription(); })
    .then(function (sub) { manage.hidden = !sub; })
    .catch(function () {});

  function say(key, kind) {
    statusBox.textContent = form.getAttribute('data-msg-' + key) || '';
    statusBox.className = 'notice notice-' + (kind || 'info');
    if (statusBox.scrollIntoView) statusBox.scrollIntoView({ block: 'nearest' });
  }

  function keyBytes(b64url) {
    var s = b64url.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) s += '=';
    var raw = atob(s);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  function send(method, body) {
    body._csrf = form.getAttribute('data-csrf');
    return fetch(api, {
      method: method,
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'accept-language': locale },
      body: JSON.stringify(body)
    });
  }

  function checked(name) {
    var boxes = form.querySelectorAll('input[name="' + name + '"]:checked');
    var values = [];
    for (var i = 0; i < boxes.length; i++) values.push(boxes[i].value);
    return values;
  }

  function setBusy(b) {
    busy = b;
    if (submitButton) submitButton.setAttribute('aria-disabled', b ? 'true' : 'false');
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    say('working');
    Promise.resolve(Notification.requestPermission())
      .then(function (permission) {
        if (permission !== 'granted') throw new Error('denied');
        return registration;
      })
      .then(function (reg) {
        return reg.pushManager.getSubscription().then(function (existing) {
          return existing || reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(form.getAttribute('data-vapid-key')) });
        });
      })
      .then(function (sub) {
        var include = checked('include');
        var prefecture = form.querySelector('select[name=prefecture]');
        return send('POST', {
          subscription: sub.toJSON(),
          locale: locale,
          audiences: checked('audience'),
          prefecture: prefecture && prefecture.value ? prefecture.value : null,
          includeEvents: include.indexOf('events') >= 0,
          includeMaterials: include.indexOf('materials') >= 0
        });
      })
      .then(function (res) {
        if (!res.ok) throw new Error('status ' + res.status);
        say(res.status === 201 ? 'subscribed' : 'updated', 'success');
        manage.hidden = false;
      })
      .catch(function (err) {
        say(err && err.message === 'denied' ? 'denied' : 'failed', 'warning');
      })
      .then(function () { setBusy(false); });
  });

  stopButton.addEventListener('click', function () {
    if (busy) return;
    setBusy(true);
    registration
      .then(function (reg) { return reg.pushManager.getSubscription(); })
      .then(function (sub) {
        if (!sub) return null;
        var keys = sub.toJSON().keys || {};
        // 404: the portal had already forgotten it (for instance after the push service said it was gone).
        return send('DELETE', { endpoint: sub.endpoint, auth: keys.auth }).then(function (res) {
          if (!res.ok && res.status !== 404) throw new Error('status ' + res.status);
          return sub.unsubscribe();
        });
      })
      .then(function () {
        say('unsubscribed', 'success');
        manage.hidden = true;
      })
      .catch(function () { say('failed', 'warning'); })
      .then(function () { setBusy(false); });
  });
})();
