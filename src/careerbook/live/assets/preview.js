// careerbook preview: reload when the project changes, keep the scroll, fit the text layer.
(function () {
  "use strict";
  var version = document.body.dataset.version;
  var key = "careerbook-scroll:" + location.pathname;
  var status = document.getElementById("status");

  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    window.scrollTo(0, Number(saved));
  }

  // Stretch each run of invisible text to the width it has on the page picture.
  function fit() {
    var spans = Array.prototype.slice.call(document.querySelectorAll(".text-layer span"));
    spans.forEach(function (s) { s.style.transform = ""; });
    var widths = spans.map(function (s) { return s.getBoundingClientRect().width; });
    spans.forEach(function (s, i) {
      var want = s.parentElement.clientWidth * Number(s.dataset.w) / 100;
      if (widths[i] > 0) s.style.transform = "scaleX(" + (want / widths[i]).toFixed(4) + ")";
    });
  }
  document.fonts.ready.then(fit);
  window.addEventListener("resize", fit);

  function poll() {
    fetch("/_version", { cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (v) {
        status.hidden = true;
        if (v.trim() !== version) {
          sessionStorage.setItem(key, String(window.scrollY));
          location.reload();
        } else {
          setTimeout(poll, 500);
        }
      })
      .catch(function () { status.hidden = false; setTimeout(poll, 1000); });
  }
  setTimeout(poll, 500);
})();
