/* The order board refreshes itself: it polls the feed (orders/dashboard/board_feed.py) and, when the
 * board changed, fetches the page again and swaps #board-orders. A new order waiting to be accepted
 * rings (when the merchant turned the sound on: browsers only play sound after a tap) and counts in
 * the tab's title until the merchant taps the page. No inline script (a CSP is coming); without
 * script the board is the same page, up to date on each reload. */
(function () {
  "use strict";
  var live = document.getElementById("board-live");
  if (!live || !window.fetch) { return; }
  var POLL_MS = 15000;
  var feedUrl = live.dataset.feedUrl;
  var baseTitle = document.title;
  var soundBar = live.querySelector(".board-sound");
  var toggle = live.querySelector(".board-sound__toggle");
  var status = live.querySelector(".board-sound__status");
  var audio = null;
  var soundOn = false;
  var fingerprint = null;
  var known = null; // numbers of the orders waiting to be accepted, as last seen
  var unseen = [];  // new orders since the merchant last tapped the page

  function beep() {
    if (!soundOn || !audio) { return; }
    var now = audio.currentTime;
    [0, 0.25].forEach(function (delay) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, now + delay);
      gain.gain.exponentialRampToValueAtTime(0.4, now + delay + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + delay + 0.2);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + delay);
      osc.stop(now + delay + 0.22);
    });
  }

  function showSound() {
    toggle.setAttribute("aria-pressed", soundOn ? "true" : "false");
    toggle.textContent = soundOn ? toggle.dataset.on : toggle.dataset.off;
  }

  function setTitle() {
    document.title = unseen.length ? "(" + unseen.length + ") " + baseTitle : baseTitle;
  }

  function announce(numbers) {
    var word = numbers.length > 1 ? live.dataset.newMany : live.dataset.newOne;
    status.textContent = numbers.length + " " + word + " : " + numbers.join(", ");
  }

  function swapBoard() {
    return fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "board" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("board-orders");
        var current = document.getElementById("board-orders");
        if (!fresh || !current) { return; }
        // A weight being typed when a new order arrives is carried over, with the focus.
        var typed = {};
        current.querySelectorAll("input[id]").forEach(function (input) {
          if (input.type === "text" && input.value) { typed[input.id] = input.value; }
        });
        var focused = current.contains(document.activeElement) ? document.activeElement.id : "";
        current.replaceWith(fresh);
        Object.keys(typed).forEach(function (id) {
          var field = document.getElementById(id);
          if (field && !field.value) { field.value = typed[id]; }
        });
        if (focused && document.getElementById(focused)) { document.getElementById(focused).focus(); }
      });
  }

  function poll() {
    fetch(feedUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { return; }
        var arrived = known === null ? [] : state.waiting.filter(function (n) { return known.indexOf(n) < 0; });
        known = state.waiting;
        // An order accepted elsewhere is no longer new.
        unseen = unseen.filter(function (n) { return known.indexOf(n) >= 0; }).concat(arrived);
        if (arrived.length) { beep(); announce(arrived); }
        setTitle();
        var changed = fingerprint !== null && state.fingerprint !== fingerprint;
        fingerprint = state.fingerprint;
        return changed ? swapBoard() : null;
      })
      .catch(function () { /* offline for a moment: the next poll tries again */ })
      .then(function () { window.setTimeout(poll, POLL_MS); });
  }

  soundBar.classList.remove("board-sound--waiting");
  soundOn = window.localStorage && localStorage.getItem("board-sound") === "on";
  showSound();
  toggle.addEventListener("click", function () {
    soundOn = !soundOn;
    if (soundOn && !audio && (window.AudioContext || window.webkitAudioContext)) {
      audio = new (window.AudioContext || window.webkitAudioContext)();
    }
    if (window.localStorage) { localStorage.setItem("board-sound", soundOn ? "on" : "off"); }
    showSound();
    beep(); // the merchant hears what a new order sounds like
  });
  // Sound remembered as on: the first tap anywhere lets the browser play it.
  document.addEventListener("pointerdown", function () {
    if (soundOn && !audio && (window.AudioContext || window.webkitAudioContext)) {
      audio = new (window.AudioContext || window.webkitAudioContext)();
    }
    unseen = [];
    setTitle();
  });
  poll();
})();
