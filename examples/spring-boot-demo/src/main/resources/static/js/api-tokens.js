// The API Tokens page: lists, issues, regenerates and revokes tokens through the /api/tokens endpoints.
// A plaintext token lives only in memory and in the one-time panel; it is never stored in the browser.
(function () {
  "use strict";

  const DAY_MS = 24 * 60 * 60 * 1000;
  const dateFormat = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric" });
  const dateTimeFormat = new Intl.DateTimeFormat("en-US", {
    year: "numeric", month: "short", day: "numeric",
    hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZoneName: "short"
  });

  const state = {
    catalog: [],
    maxLifetimeDays: null,
    clockSkewMs: 0,
    tokens: [],
    // the ⋯ menu open on the page, of either tab: { button, menu }
    openMenu: null
  };

  const $ = function (id) { return document.getElementById(id); };

  // ------------------------------------------------------------------ helpers

  function now() {
    return new Date(Date.now() + state.clockSkewMs);
  }

  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) {
        continue;
      }
      if (key === "text") {
        node.textContent = value;
      } else if (key === "className") {
        node.className = value;
      } else {
        node.setAttribute(key, value === true ? "" : value);
      }
    }
    for (const child of children || []) {
      if (child !== null && child !== undefined) {
        node.append(child);
      }
    }
    return node;
  }

  function timeElement(iso, format) {
    const date = new Date(iso);
    return el("time", { datetime: iso, title: date.toISOString(), text: format.format(date) });
  }

  function toast(message) {
    const node = $("toast");
    node.textContent = message;
    node.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { node.hidden = true; }, 2500);
  }

  // the rendering helpers and the one open ⋯ menu that the admin tab (admin-tokens.js, loaded after this script)
  // shares
  window.KlinkTokens = Object.freeze({
    el: el, timeElement: timeElement, toast: toast, openMenu: openMenu, closeMenu: closeMenu,
    isMenuOpen: isMenuOpen, dateFormat: dateFormat, dateTimeFormat: dateTimeFormat
  });

  function showPageError(message) {
    const node = $("page-error");
    node.textContent = message;
    node.hidden = !message;
  }

  async function copyText(text, button) {
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {
      // Fallback for browsers that refuse the clipboard API (e.g. plain http on a LAN address).
      const area = el("textarea", { "aria-hidden": "true" });
      area.value = text;
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.append(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    const label = button.textContent;
    button.textContent = "Copied";
    setTimeout(function () { button.textContent = label; }, 1500);
    toast("Copied to the clipboard");
  }

  function abilityOrder(name) {
    const index = state.catalog.findIndex(function (a) { return a.name === name; });
    return index < 0 ? state.catalog.length : index;
  }

  function sortedAbilities(abilities) {
    return abilities.slice().sort(function (a, b) {
      return abilityOrder(a) - abilityOrder(b) || a.localeCompare(b);
    });
  }

  // ------------------------------------------------------------------ loading

  async function loadCatalog() {
    const response = await Klink.request("GET", "/api/tokens/abilities");
    state.catalog = response.abilities || [];
    state.maxLifetimeDays = response.maxLifetimeDays != null ? response.maxLifetimeDays : null;
    renderAbilityOptions();
  }

  async function loadTokens() {
    const page = await Klink.request("GET", "/api/tokens?page=0&size=100");
    state.tokens = page.items || [];
    renderTokens();
  }

  // ------------------------------------------------------------------ table

  function statusBadge(status) {
    const label = { ACTIVE: "Active", EXPIRED: "Expired", REVOKED: "Revoked", ROTATED: "Rotated" }[status] || status;
    return el("span", { className: "badge badge-" + String(status).toLowerCase(), text: label });
  }

  // A rotated token links to the row of the token that replaced it.
  function statusCell(token) {
    const badge = statusBadge(token.status);
    if (token.status !== "ROTATED" || !token.rotatedToId) {
      return [badge];
    }
    return [badge, el("a", { className: "replacement-link", href: "#token-" + token.rotatedToId, text: "Replacement" })];
  }

  function renderTokens() {
    const body = $("tokens-body");
    body.replaceChildren();
    closeMenu(false);
    $("tokens-loading").hidden = true;
    const empty = state.tokens.length === 0;
    $("tokens-table").hidden = empty;
    $("tokens-empty").hidden = !empty;
    const active = state.tokens.filter(function (t) { return t.status === "ACTIVE"; }).length;
    $("token-count").textContent = empty ? "" : state.tokens.length + (state.tokens.length === 1 ? " token" : " tokens")
        + " · " + active + " active";

    for (const token of state.tokens) {
      const row = el("tr", { id: "token-" + token.id, "data-token-id": token.id, className: token.status === "ACTIVE" ? "" : "is-inactive" }, [
        el("td", { className: "col-name", "data-label": "Name" }, [
          el("span", { className: "token-name", text: token.name }),
          el("span", { className: "token-hint", text: token.hint || "" })
        ]),
        el("td", { className: "col-abilities", "data-label": "Abilities" }, [
          el("span", { className: "abilities" }, sortedAbilities(token.abilities).map(function (ability) {
            return el("code", { className: "ability", text: ability });
          }))
        ]),
        el("td", { className: "col-date col-created", "data-label": "Created" }, [timeElement(token.createdAt, dateFormat)]),
        el("td", { className: "col-date col-last-used", "data-label": "Last used" }, [
          token.lastUsedAt ? timeElement(token.lastUsedAt, dateTimeFormat) : el("span", { className: "never", text: "Never" })
        ]),
        el("td", { className: "col-date col-expires", "data-label": "Expires" }, [
          token.expiresAt ? timeElement(token.expiresAt, dateFormat) : el("span", { className: "never", text: "Never" })
        ]),
        el("td", { className: "col-status", "data-label": "Status" }, statusCell(token)),
        el("td", { className: "col-actions" }, [token.status === "ACTIVE" ? actionsMenu(token) : null])
      ]);
      if (window.KlinkAllowlist) {
        window.KlinkAllowlist.decorateRow(row, token);
      }
      body.append(row);
      if (window.KlinkUsageChart) {
        window.KlinkUsageChart.decorate(row, token);
      }
    }
  }

  // ------------------------------------------------------------------ actions menu

  function actionsMenu(token) {
    const menuId = "menu-" + token.id;
    const button = el("button", {
      type: "button", className: "btn btn-ghost btn-icon menu-button", "aria-haspopup": "menu",
      "aria-expanded": "false", "aria-controls": menuId, "aria-label": "Actions for " + token.name, text: "⋯"
    });
    const regenerate = el("button", { type: "button", role: "menuitem", tabindex: "-1", "data-action": "regenerate" }, [
      "Regenerate", el("span", { className: "menu-hint", text: "Replace with a new secret" })
    ]);
    const revoke = el("button", { type: "button", role: "menuitem", tabindex: "-1", className: "danger", "data-action": "revoke" }, [
      "Revoke", el("span", { className: "menu-hint", text: "Stop it working now" })
    ]);
    const menu = el("div", { className: "menu", id: menuId, role: "menu", "aria-label": "Actions for " + token.name, hidden: true },
        [regenerate, revoke]);
    const wrap = el("div", { className: "menu-wrap" }, [button, menu]);

    button.addEventListener("click", function () {
      if (isMenuOpen(menu)) {
        closeMenu(true);
      } else {
        openMenu(button, menu, 0);
      }
    });
    button.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        openMenu(button, menu, event.key === "ArrowUp" ? -1 : 0);
      }
    });
    menu.addEventListener("keydown", function (event) {
      const items = Array.from(menu.querySelectorAll("[role=menuitem]"));
      const index = items.indexOf(document.activeElement);
      if (event.key === "ArrowDown") {
        event.preventDefault();
        items[(index + 1) % items.length].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        items[(index - 1 + items.length) % items.length].focus();
      } else if (event.key === "Home") {
        event.preventDefault();
        items[0].focus();
      } else if (event.key === "End") {
        event.preventDefault();
        items[items.length - 1].focus();
      } else if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        closeMenu(true);
      } else if (event.key === "Tab") {
        closeMenu(false);
      }
    });
    regenerate.addEventListener("click", function () {
      closeMenu(true);
      confirmRegenerate(token, button);
    });
    revoke.addEventListener("click", function () {
      closeMenu(true);
      confirmRevoke(token, button);
    });
    return wrap;
  }

  function openMenu(button, menu, focusIndex) {
    closeMenu(false);
    menu.hidden = false;
    button.setAttribute("aria-expanded", "true");
    placeMenu(button, menu);
    state.openMenu = { button: button, menu: menu };
    const items = menu.querySelectorAll("[role=menuitem]");
    items[focusIndex < 0 ? items.length - 1 : focusIndex].focus();
  }

  /** Fixed to the window so that the table's scroll box can't clip it; opens upwards when there is no room below. */
  function placeMenu(button, menu) {
    const anchor = button.getBoundingClientRect();
    let top = anchor.bottom + 4;
    if (top + menu.offsetHeight > window.innerHeight - 8) {
      top = Math.max(8, anchor.top - menu.offsetHeight - 4);
    }
    menu.style.top = top + "px";
    menu.style.left = Math.max(8, anchor.right - menu.offsetWidth) + "px";
  }

  function isMenuOpen(menu) {
    return state.openMenu !== null && state.openMenu.menu === menu;
  }

  function closeMenu(returnFocus) {
    const open = state.openMenu;
    if (!open) {
      return;
    }
    open.menu.hidden = true;
    open.button.setAttribute("aria-expanded", "false");
    state.openMenu = null;
    if (returnFocus) {
      open.button.focus();
    }
  }

  document.addEventListener("click", function (event) {
    if (state.openMenu && !state.openMenu.menu.parentElement.contains(event.target)) {
      closeMenu(false);
    }
  });
  // A fixed menu follows its button when the page scrolls or the window changes size.
  function repositionOpenMenu() {
    if (state.openMenu) {
      placeMenu(state.openMenu.button, state.openMenu.menu);
    }
  }
  window.addEventListener("scroll", repositionOpenMenu, true);
  window.addEventListener("resize", repositionOpenMenu);

  // ------------------------------------------------------------------ confirmations

  function confirmAction(options) {
    const dialog = $("confirm-dialog");
    $("confirm-title").textContent = options.title;
    $("confirm-text").textContent = options.text;
    const ok = $("confirm-ok");
    ok.textContent = options.confirmLabel;
    ok.className = "btn " + (options.danger ? "btn-danger" : "btn-primary");
    dialog.returnValue = "";
    dialog.showModal();
    $("confirm-cancel").focus();
    return new Promise(function (resolve) {
      dialog.addEventListener("close", function () {
        resolve(dialog.returnValue === "confirm");
        if (options.returnFocus && document.body.contains(options.returnFocus)) {
          options.returnFocus.focus();
        }
      }, { once: true });
    });
  }

  async function confirmRevoke(token, returnFocus) {
    const confirmed = await confirmAction({
      title: "Revoke “" + token.name + "”?",
      text: "Scripts and integrations using this token will stop working immediately. This cannot be undone.",
      confirmLabel: "Revoke token", danger: true, returnFocus: returnFocus
    });
    if (!confirmed) {
      return;
    }
    try {
      await Klink.request("DELETE", "/api/tokens/" + encodeURIComponent(token.id));
      toast("Token “" + token.name + "” revoked");
      await loadTokens();
      focusRow(token.id);
    } catch (e) {
      showPageError(e.message);
    }
  }

  async function confirmRegenerate(token, returnFocus) {
    const confirmed = await confirmAction({
      title: "Regenerate “" + token.name + "”?",
      text: "A new token with the same name, abilities and lifetime replaces this one. The current token stops "
          + "working immediately.",
      confirmLabel: "Regenerate token", danger: false, returnFocus: returnFocus
    });
    if (!confirmed) {
      return;
    }
    try {
      const issued = await Klink.request("POST", "/api/tokens/" + encodeURIComponent(token.id) + "/rotate");
      await loadTokens();
      showNewToken(issued, "Token “" + token.name + "” regenerated");
    } catch (e) {
      showPageError(e.message);
    }
  }

  function focusRow(id) {
    const row = document.querySelector("tr[data-token-id='" + CSS.escape(id) + "']");
    if (row) {
      row.tabIndex = -1;
      row.focus();
    }
  }

  // ------------------------------------------------------------------ one-time panel

  function plaintextOf(issued) {
    return issued.token || issued.plaintext || issued.value;
  }

  function showNewToken(issued, heading) {
    showPageError("");
    $("new-token-heading").textContent = heading;
    const input = $("new-token-value");
    input.value = plaintextOf(issued);
    const panel = $("new-token-panel");
    panel.hidden = false;
    input.focus();
    input.select();
  }

  function closeNewToken() {
    $("new-token-value").value = "";
    $("new-token-panel").hidden = true;
    $("issue-token-button").focus();
  }

  // ------------------------------------------------------------------ issue form

  function renderAbilityOptions() {
    const container = $("ability-options");
    container.replaceChildren();
    for (const ability of state.catalog) {
      const id = "ability-" + ability.name.replace(/[^a-z0-9]/g, "-");
      const implies = (ability.implies || []).slice().sort();
      container.append(el("label", { className: "ability-option", for: id }, [
        el("input", { type: "checkbox", id: id, name: "abilities", value: ability.name }),
        el("span", {}, [
          el("code", { text: ability.name }),
          el("span", { className: "desc", text: ability.description }),
          implies.length ? el("span", { className: "implies", text: "Includes " + implies.join(", ") }) : null
        ])
      ]));
    }
  }

  function isoDate(date) {
    const pad = function (n) { return String(n).padStart(2, "0"); };
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  function customDateBounds() {
    const today = now();
    const min = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1);
    let max = null;
    if (state.maxLifetimeDays != null) {
      const latest = new Date(today.getTime() + state.maxLifetimeDays * DAY_MS);
      max = new Date(latest.getFullYear(), latest.getMonth(), latest.getDate());
    }
    return { min: min, max: max };
  }

  function updateExpiryHelp() {
    const choice = $("token-expiry").value;
    const custom = choice === "custom";
    $("custom-date-wrap").hidden = !custom;
    let text;
    if (custom) {
      const value = $("token-expiry-date").value;
      text = value ? "The token stops working on " + dateFormat.format(parseLocalDate(value)) + "." : "Pick a date.";
    } else {
      text = "The token stops working on " + dateFormat.format(new Date(now().getTime() + Number(choice) * DAY_MS)) + ".";
    }
    if (state.maxLifetimeDays != null) {
      text += " Tokens may live at most " + state.maxLifetimeDays + " days.";
    }
    $("token-expiry-help").textContent = text;
  }

  function parseLocalDate(value) {
    const [y, m, d] = value.split("-").map(Number);
    return new Date(y, m - 1, d);
  }

  function setFieldError(field, message) {
    if (field === "allowedIps") {
      return window.KlinkAllowlist ? window.KlinkAllowlist.showError(message) : false;
    }
    if (field === "expiresInDays" || field === "neverExpires") {
      field = "expiresAt";
    }
    const targets = {
      name: ["token-name", "token-name-error"],
      abilities: [null, "abilities-error"],
      expiresAt: [$("token-expiry").value === "custom" ? "token-expiry-date" : "token-expiry", "token-expiry-error"]
    }[field];
    if (!targets) {
      return false;
    }
    if (targets[0]) {
      $(targets[0]).setAttribute("aria-invalid", message ? "true" : "false");
    }
    $(targets[1]).textContent = message || "";
    return true;
  }

  function clearErrors() {
    ["name", "abilities", "expiresAt"].forEach(function (f) { setFieldError(f, ""); });
    $("token-expiry-date").setAttribute("aria-invalid", "false");
    $("token-expiry").setAttribute("aria-invalid", "false");
    setFieldError("allowedIps", "");
    $("issue-error").hidden = true;
  }

  function openIssueDialog() {
    const form = $("issue-form");
    form.reset();
    clearErrors();
    const bounds = customDateBounds();
    const date = $("token-expiry-date");
    date.min = isoDate(bounds.min);
    if (bounds.max) {
      date.max = isoDate(bounds.max);
    } else {
      date.removeAttribute("max");
    }
    // Presets longer than the policy allows are not offered.
    for (const option of $("token-expiry").options) {
      if (option.value !== "custom") {
        option.disabled = state.maxLifetimeDays != null && Number(option.value) > state.maxLifetimeDays;
      }
    }
    updateExpiryHelp();
    $("issue-dialog").showModal();
    $("token-name").focus();
  }

  function readIssueForm() {
    const errors = {};
    const name = $("token-name").value.trim();
    if (!name) {
      errors.name = "Give the token a name.";
    }
    const abilities = Array.from(document.querySelectorAll("#ability-options input:checked")).map(function (i) { return i.value; });
    if (abilities.length === 0) {
      errors.abilities = "Choose at least one ability.";
    }
    const body = { name: name, abilities: abilities };
    const choice = $("token-expiry").value;
    if (choice === "custom") {
      const value = $("token-expiry-date").value;
      const bounds = customDateBounds();
      if (!value) {
        errors.expiresAt = "Pick an expiration date.";
      } else {
        const date = parseLocalDate(value);
        if (date < bounds.min) {
          errors.expiresAt = "The date must be tomorrow or later.";
        } else if (bounds.max && date > bounds.max) {
          errors.expiresAt = "Tokens may live at most " + state.maxLifetimeDays + " days; pick "
              + dateFormat.format(bounds.max) + " or earlier.";
        } else {
          // The token stops working at the start of the chosen day, in the user's time zone.
          body.expiresAt = date.toISOString();
        }
      }
    } else {
      body.expiresInDays = Number(choice);
    }
    if (window.KlinkAllowlist) {
      window.KlinkAllowlist.readInto(body, errors);
    }
    return { body: body, errors: errors };
  }

  async function submitIssue(event) {
    event.preventDefault();
    clearErrors();
    const { body, errors } = readIssueForm();
    const fields = Object.keys(errors);
    if (fields.length) {
      fields.forEach(function (f) { setFieldError(f, errors[f]); });
      const expiryInput = $("token-expiry").value === "custom" ? "token-expiry-date" : "token-expiry";
      const first = { name: "token-name", abilities: "ability-options", expiresAt: expiryInput,
        allowedIps: "token-allowed-ips" }[fields[0]];
      const target = first === "ability-options" ? document.querySelector("#ability-options input") : $(first);
      if (target) {
        target.focus();
      }
      return;
    }
    const submit = $("issue-submit");
    submit.disabled = true;
    try {
      const issued = await Klink.request("POST", "/api/tokens", body);
      $("issue-dialog").close();
      await loadTokens();
      showNewToken(issued, "Token “" + body.name + "” issued");
    } catch (e) {
      const problem = e.problem || {};
      if (!(problem.field && setFieldError(problem.field, problem.detail))) {
        const box = $("issue-error");
        box.textContent = e.message;
        box.hidden = false;
      }
    } finally {
      submit.disabled = false;
    }
  }

  // ------------------------------------------------------------------ wiring

  function setupDialogs() {
    document.querySelectorAll("dialog [data-close]").forEach(function (button) {
      button.addEventListener("click", function () { button.closest("dialog").close(); });
    });
    // The confirm dialog's submit button closes it with returnValue "confirm".
    $("confirm-form").addEventListener("submit", function (event) {
      event.preventDefault();
      $("confirm-dialog").close("confirm");
    });
    $("issue-dialog").addEventListener("close", function () {
      if ($("new-token-panel").hidden) {
        $("issue-token-button").focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", async function () {
    setupDialogs();
    $("issue-token-button").addEventListener("click", openIssueDialog);
    $("issue-token-empty").addEventListener("click", openIssueDialog);
    $("issue-form").addEventListener("submit", submitIssue);
    $("token-expiry").addEventListener("change", updateExpiryHelp);
    $("token-expiry-date").addEventListener("input", updateExpiryHelp);
    $("copy-token-button").addEventListener("click", function (event) {
      copyText($("new-token-value").value, event.currentTarget);
    });
    $("close-token-panel").addEventListener("click", closeNewToken);
    $("new-token-panel").addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        closeNewToken();
      }
    });
    document.querySelectorAll("[data-origin]").forEach(function (node) { node.textContent = window.location.origin; });
    $("copy-snippet-button").addEventListener("click", function (event) {
      const command = "curl -H \"Authorization: Bearer $KLINK_TOKEN\" " + window.location.origin + "/api/v1/orders";
      copyText(command, event.currentTarget);
    });

    // the admin tab (admin-tokens.js) announces revocations that may include the user's own tokens
    document.addEventListener("klink:tokens-changed", function () {
      loadTokens().catch(function (e) { showPageError(e.message); });
    });

    try {
      const session = await Klink.session;
      state.clockSkewMs = new Date(session.now).getTime() - Date.now();
      await loadCatalog();
      await loadTokens();
    } catch (e) {
      $("tokens-loading").hidden = true;
      showPageError("Could not load your tokens: " + e.message);
    }
  });
})();
