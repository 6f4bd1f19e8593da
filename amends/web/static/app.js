// Amends dashboard: a little progressive enhancement. Every page works without it.
"use strict";

(function () {
  // Filters submit themselves when changed (a visible Apply button covers no-JS).
  document.querySelectorAll(".auto-submit").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });

  // Copy-to-clipboard for praise and new API keys.
  document.querySelectorAll("button.share").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var text = btn.getAttribute("data-share") || "";
      var done = function () {
        var old = btn.textContent;
        btn.textContent = "Copied ✓";
        setTimeout(function () { btn.textContent = old; }, 1600);
      };
      if (navigator.clipboard) { navigator.clipboard.writeText(text).then(done, function () {}); }
    });
  });

  // Live feed: server-sent events; the browser reconnects on its own with Last-Event-ID.
  var feed = document.getElementById("feed");
  if (!feed || !window.EventSource) { return; }
  var status = document.getElementById("live-status");
  var MAX_ITEMS = 30;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = text; } // never innerHTML
    return node;
  }
  function label(s) { return String(s || "").replace(/_/g, " "); }
  function mood(score) {
    if (score === null || score === undefined) { return "unknown"; }
    return score <= -0.2 ? "bad" : score >= 0.2 ? "good" : "neutral";
  }
  function badge(cls, text) { return el("span", "badge " + cls, text); }

  function render(item) {
    var li = el("li", "feed-item new" + (item.bad_experience ? " is-bad" : ""));
    li.setAttribute("data-id", item.id);
    var top = el("div", "feed-top");
    var who = el("a", "feed-who", item.customer_name || ("Customer #" + item.customer_id));
    who.href = "/app/customers/" + encodeURIComponent(item.customer_id);
    top.appendChild(who);
    top.appendChild(el("span", "feed-meta", label(item.channel) + " · just now"));
    li.appendChild(top);
    li.appendChild(el("p", "feed-text", item.snippet));
    var tags = el("div", "feed-tags");
    if (!item.analysed) {
      tags.appendChild(badge("muted-badge", "analysing…"));
    } else {
      tags.appendChild(badge("mood-" + mood(item.sentiment_score), label(item.sentiment || mood(item.sentiment_score))));
      if (item.bad_experience) { tags.appendChild(badge("bad", "bad experience")); }
      (item.issues || []).forEach(function (i) { tags.appendChild(badge("tag", i)); });
      (item.signals || []).forEach(function (s) {
        tags.appendChild(badge(s === "praise" ? "good" : "signal", label(s)));
      });
    }
    if (item.author && item.author !== "customer") { tags.appendChild(badge("muted-badge", item.author)); }
    li.appendChild(tags);
    return li;
  }

  function connect() {
    var last = feed.getAttribute("data-last-id") || "";
    var source = new EventSource("/app/live" + (last ? "?after=" + encodeURIComponent(last) : ""));
    source.onopen = function () { if (status) { status.textContent = "live"; } };
    source.onerror = function () { if (status) { status.textContent = "reconnecting…"; } };
    source.addEventListener("interaction", function (ev) {
      var item = JSON.parse(ev.data);
      if (feed.querySelector('[data-id="' + item.id + '"]')) { return; }
      feed.insertBefore(render(item), feed.firstChild);
      feed.setAttribute("data-last-id", item.id);
      var empty = document.querySelector(".feed-empty");
      if (empty) { empty.remove(); }
      while (feed.children.length > MAX_ITEMS) { feed.removeChild(feed.lastChild); }
    });
  }
  connect();
})();
