// The API Tokens page's expiry banner: "1 token expires within 7 days", counted by the server.
(function () {
  "use strict";

  function text(count, days) {
    return count + (count === 1 ? " token expires" : " tokens expire") + " within " + days
      + (days === 1 ? " day" : " days");
  }

  async function refresh() {
    const banner = document.getElementById("expiry-banner");
    try {
      const expiring = await window.Klink.request("GET", "/app/expiring-tokens");
      banner.textContent = text(expiring.count, expiring.withinDays);
      banner.hidden = expiring.count === 0;
    } catch (e) {
      banner.hidden = true;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    refresh();
    // the table is drawn again after every issue, rotation and revocation: count again then
    let pending = null;
    new MutationObserver(function () {
      clearTimeout(pending);
      pending = setTimeout(refresh, 50);
    }).observe(document.getElementById("tokens-body"), { childList: true });
  });
})();
