// The room link's phone page. Text from people is only ever set with textContent.
// Answers go to an outbox kept in the page (and localStorage) and are resent
// until the app says they are saved; each carries a client id, so a resend is
// stored once.
"use strict";
(function () {
  var base = location.pathname.replace(/\/+$/, "");
  var api = base + "/api/";
  var OUTBOX_KEY = "cxw_outbox:" + base;
  // the page's words come from the app's catalogue (strings.js, made by the app)
  var STRINGS = window.CXW_STRINGS || { s: {}, p: {} };
  function t(text) { return STRINGS.s[text] || text; }
  function tn(one, other, n) {
    var forms = STRINGS.p[one + "\u0000" + other];
    return (forms ? forms[n === 1 ? 0 : 1] : (n === 1 ? one : other));
  }
  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? String(values[k]) : m; });
  }
  var RECENCY = [["today", t("Today")], ["this_week", t("This week")],
    ["this_month", t("This month")], ["this_quarter", t("This quarter")],
    ["this_year", t("This year")], ["over_a_year", t("Over a year ago")],
    ["cant_remember", t("Can't remember")]];
  var OUTCOME = [["resolved", t("Resolved")], ["partly", t("Partly resolved")],
    ["unresolved", t("Unresolved")], ["unknown", t("Don't know")]];
  var state = null, tab = "story", outbox = [], sending = false, retryTimer = null, delay = 2000;

  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function clientId() {
    var a = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function say(text, kind) {
    var s = $("status");
    s.textContent = text || "";
    s.className = kind || "";
  }

  function request(method, name, body) {
    var opts = { method: method, credentials: "same-origin", headers: {} };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    return fetch(api + name, opts).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        return { status: r.status, data: data };
      });
    });
  }

  // -- the outbox ------------------------------------------------------------
  function loadOutbox() {
    try { outbox = JSON.parse(localStorage.getItem(OUTBOX_KEY) || "[]") || []; }
    catch (e) { outbox = []; }
  }
  function saveOutbox() {
    try { localStorage.setItem(OUTBOX_KEY, JSON.stringify(outbox)); } catch (e) { /* private mode */ }
    var box = $("outbox");
    if (outbox.length) {
      box.hidden = false;
      box.textContent = fmt(tn("{n} answer not sent yet — retrying…",
        "{n} answers not sent yet — retrying…", outbox.length), { n: outbox.length });
    } else {
      box.hidden = true;
      box.textContent = "";
    }
  }
  function send(route, body, done) {
    body.id = body.id || clientId();
    if (route === "story") {  // only the newest version of my answer needs to go
      outbox = outbox.filter(function (m) { return m.route !== "story"; });
    }
    outbox.push({ route: route, body: body, label: done || "" });
    saveOutbox();
    flush();
  }
  function flush() {
    if (sending || !outbox.length) return;
    sending = true;
    var m = outbox[0];
    request("POST", m.route, m.body).then(function (r) {
      sending = false;
      if (r.status === 429 || r.status >= 500) { retryLater(); return; }
      outbox.shift();
      saveOutbox();
      delay = 2000;
      if (r.status >= 200 && r.status < 300) {
        if (m.label) say(m.label, "ok");
      } else {
        say((r.data && r.data.message) ? fmt(t("Not saved: {message}"), { message: r.data.message })
          : fmt(t("Not saved ({status})"), { status: r.status }), "error");
      }
      refresh();
      flush();
    }, function () {
      sending = false;
      retryLater();
    });
  }
  function retryLater() {
    saveOutbox();
    if (retryTimer) return;
    retryTimer = setTimeout(function () { retryTimer = null; flush(); }, delay);
    delay = Math.min(delay * 2, 30000);
  }
  window.addEventListener("online", function () { delay = 2000; flush(); });

  // -- state -----------------------------------------------------------------------
  function refresh() {
    return request("GET", "state").then(function (r) {
      if (r.status !== 200) {
        $("loading").hidden = false;
        $("loading").textContent = r.status === 403
          ? t("This link is no longer valid. Scan the new code on the screen.")
          : t("The app is busy. Trying again…");
        return;
      }
      state = r.data;
      render();
    }, function () { $("loading").hidden = false; $("loading").textContent = t("No connection to the app. Trying again…"); });
  }

  function render() {
    $("loading").hidden = true;
    $("title").textContent = state.title || t("Workshop");
    var me = state.me;
    $("who").hidden = !me;
    $("who-name").textContent = me ? me.name : "";
    $("join").hidden = !!me || state.pending;
    $("pending").hidden = !!me || !state.pending;
    $("tabs").hidden = !me;
    if (!me) {
      hideTabs();
      renderPeople();
      return;
    }
    var steps = state.steps;
    var buttons = document.querySelectorAll("nav button");
    var firstOpen = null;
    Array.prototype.forEach.call(buttons, function (b) {
      var name = b.getAttribute("data-tab");
      b.hidden = steps[name] === "hidden";
      if (!b.hidden && !firstOpen) firstOpen = name;
    });
    if (steps[tab] === "hidden") tab = firstOpen || tab;
    showTab(tab);
    ["story", "vote", "note", "callout"].forEach(function (name) {
      var section = $(name);
      var locked = steps[name] === "locked";
      section.querySelector(".locked-msg").hidden = !locked;
      Array.prototype.forEach.call(section.querySelectorAll("input, textarea, select, button"),
        function (c) { c.disabled = locked; });
    });
    renderStory();
    renderVotes();
    renderNoteProcesses();
    var list = $("people-names");
    list.textContent = "";
    state.participants.forEach(function (p) { if (p.id !== me.id) list.appendChild(el("option", null)).value = p.name; });
  }

  function hideTabs() {
    Array.prototype.forEach.call(document.querySelectorAll(".tab"), function (s) { s.hidden = true; });
  }
  function showTab(name) {
    tab = name;
    Array.prototype.forEach.call(document.querySelectorAll(".tab"), function (s) { s.hidden = s.id !== name; });
    Array.prototype.forEach.call(document.querySelectorAll("nav button"), function (b) {
      if (b.getAttribute("data-tab") === name) b.setAttribute("aria-current", "page");
      else b.removeAttribute("aria-current");
    });
  }

  function renderPeople() {
    var ul = $("people");
    ul.textContent = "";
    state.participants.forEach(function (p) {
      var li = el("li");
      var b = el("button", p.taken ? fmt(t("{name} (on another phone)"), { name: p.name }) : p.name);
      b.type = "button";
      b.disabled = p.taken;
      b.addEventListener("click", function () { join({ participant: p.id }); });
      li.appendChild(b);
      ul.appendChild(li);
    });
  }
  function join(body) {
    request("POST", "join", body).then(function (r) {
      if (r.status >= 400) say(r.data.message || t("Could not join."), "error");
      else say(r.status === 202 ? "" : t("Welcome!"), "ok");
      refresh();
    }, function () { say(t("No connection to the app. Try again."), "error"); });
  }

  // -- last customer ---------------------------------------------------------------
  var storyFilled = false;
  function radios(container, name, options) {
    container.textContent = "";
    options.forEach(function (o) {
      var label = el("label", null, "choice");
      var input = el("input");
      input.type = "radio"; input.name = name; input.value = o[0];
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + o[1]));
      container.appendChild(label);
    });
  }
  function renderStory() {
    var p = state.prompts || [];
    ["q0", "q1", "q2", "q3"].forEach(function (id, i) { $(id).textContent = p[i] || ""; });
    if (storyFilled) return;   // never overwrite what the person is typing
    var s = state.story, f = $("story-form");
    if (!s) { storyFilled = true; return; }
    setRadio(f, "contact", s.contact);
    setRadio(f, "recency", s.recency);
    setRadio(f, "outcome", s.outcome);
    f.when.value = s.when || "";
    f.customer.value = s.customer || "";
    f.challenge.value = s.challenge || "";
    f.resolution.value = s.resolution || "";
    storyFilled = true;
  }
  function setRadio(form, name, value) {
    Array.prototype.forEach.call(form.querySelectorAll("input[name=" + name + "]"),
      function (r) { r.checked = r.value === value; });
  }
  function radioValue(form, name) {
    var r = form.querySelector("input[name=" + name + "]:checked");
    return r ? r.value : undefined;
  }

  // -- votes -------------------------------------------------------------------------
  function renderVotes() {
    var box = $("processes");
    var mine = {}, used = state.ballots ? state.ballots.length : 0;
    (state.ballots || []).forEach(function (b) { (mine[b.process] = mine[b.process] || []).push(b.id); });
    var left = Math.max((state.budget || 0) - used, 0);
    $("budget").textContent = fmt(tn("You have {left} of {n} vote left.",
      "You have {left} of {n} votes left.", state.budget || 0), { left: left, n: state.budget || 0 });
    box.textContent = "";
    var locked = state.steps.vote !== "open";
    var stage = -1;
    (state.processes || []).forEach(function (p) {
      if (p.stage !== stage) {
        stage = p.stage;
        box.appendChild(el("h3", state.stages[stage] || "", "stage"));
      }
      var row = el("div", null, "proc");
      var name = el("span", p.name, "name");
      if (p.department) name.appendChild(el("span", p.department, "dept"));
      if (p.moment_of_truth) name.appendChild(el("span", "★ " + t("Moment of truth"), "mot"));
      var mineHere = mine[p.id] || [];
      var dots = el("span", mineHere.length ? "●".repeat(mineHere.length) : "", "dots");
      dots.setAttribute("aria-label", fmt(t("Your votes here: {n}"), { n: mineHere.length }));
      var plus = el("button", "+ " + t("Vote"));
      plus.type = "button";
      plus.disabled = locked || left <= 0;
      plus.setAttribute("aria-label", fmt(t("Vote for {name}"), { name: p.name }));
      plus.addEventListener("click", function () { send("vote", { process: p.id }, t("Vote saved")); });
      var minus = el("button", "−");
      minus.type = "button";
      minus.disabled = locked || !mineHere.length;
      minus.setAttribute("aria-label", fmt(t("Take back a vote from {name}"), { name: p.name }));
      minus.addEventListener("click", function () {
        send("unvote", { ballot: mineHere[mineHere.length - 1] }, t("Vote taken back"));
      });
      var ctl = el("div", null, "ctl");
      ctl.appendChild(dots); ctl.appendChild(minus); ctl.appendChild(plus);
      row.appendChild(name); row.appendChild(ctl);
      box.appendChild(row);
    });
    if (!(state.processes || []).length) box.appendChild(el("p", t("No processes on the map yet."), "hint"));
  }

  function renderNoteProcesses() {
    var select = $("note-process"), keep = select.value;
    select.textContent = "";
    var stage = -1, group = null;
    (state.processes || []).forEach(function (p) {
      if (p.stage !== stage) {
        stage = p.stage;
        group = el("optgroup");
        group.label = state.stages[stage] || "";
        select.appendChild(group);
      }
      var o = el("option", p.name + (p.department ? " — " + p.department : ""));
      o.value = p.id;
      group.appendChild(o);
    });
    if (keep) select.value = keep;
  }

  function addSent(listId, text) {
    var li = el("li", text);
    $(listId).appendChild(li);
  }

  // -- wiring ------------------------------------------------------------------------
  document.addEventListener("DOMContentLoaded", function () {
    radios($("recency"), "recency", RECENCY);
    radios($("outcome"), "outcome", OUTCOME);
    Array.prototype.forEach.call(document.querySelectorAll("nav button"), function (b) {
      b.addEventListener("click", function () { showTab(b.getAttribute("data-tab")); say(""); });
    });
    $("new-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var name = $("new-name").value.trim();
      if (name) join({ name: name });
    });
    $("leave").addEventListener("click", function () {
      request("POST", "leave", {}).then(function () { storyFilled = false; refresh(); });
    });
    $("story-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var f = e.target, body = {
        customer: f.customer.value, challenge: f.challenge.value, resolution: f.resolution.value,
        when: f.when.value || null };
      ["contact", "recency", "outcome"].forEach(function (n) {
        var v = radioValue(f, n);
        if (v) body[n] = v;
      });
      if (body.when) delete body.recency;
      send("story", body, t("Answer saved ✓"));
    });
    $("note-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var f = e.target, text = f.text.value.trim();
      if (!text || !f.process.value) return;
      send("note", { process: f.process.value, kind: radioValue(f, "kind") || "idea", text: text }, t("Note sent ✓"));
      addSent("notes-sent", text);
      f.text.value = "";
    });
    $("callout-form").addEventListener("submit", function (e) {
      e.preventDefault();
      var f = e.target, who = f.nominee.value.trim(), what = f.behaviour.value.trim();
      if (!who || !what) return;
      send("callout", { nominee: who, behaviour: what }, t("Call-out sent ✓"));
      addSent("callouts-sent", who + ": " + what);
      f.nominee.value = ""; f.behaviour.value = "";
    });
    loadOutbox();
    saveOutbox();
    refresh().then(flush);
    setInterval(function () {
      if (!document.hidden) refresh();
    }, 5000);
  });
})();
