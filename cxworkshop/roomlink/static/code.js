// The code page: a typed join code leads to the room link's page.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var STRINGS = window.CXW_STRINGS || { s: {} };
  function t(text) { return STRINGS.s[text] || text; }
  document.getElementById("code-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var status = document.getElementById("status");
    fetch("/code", { method: "POST", headers: { "Content-Type": "application/json" },
                     body: JSON.stringify({ code: document.getElementById("code").value }) })
      .then(function (r) { return r.json().then(function (d) { return [r.status, d]; }); })
      .then(function (res) {
        if (res[0] === 200 && res[1].url) location.href = res[1].url;
        else status.textContent = res[1].message || t("That did not work.");
      }, function () { status.textContent = t("No connection to the app."); });
  });
});
