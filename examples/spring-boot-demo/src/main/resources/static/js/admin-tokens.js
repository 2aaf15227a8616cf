// The "All tokens in <tenant>" tab of the API Tokens page, shown only to administrators of the tenant's tokens:
// every owner's tokens through the /api/tokens/admin endpoints, newest first, paged by the server's cursor, each
// with its owner and a ⋯ menu to revoke it. The server decides who is an administrator; the tab only follows it.
(function () {
  "use strict";

  const PAGE_SIZE = 50;
  // the page's rendering helpers, from api-tokens.js
  const { el, timeElement, toast, openMenu, closeMenu, isMenuOpen, dateFormat, dateTimeFormat } = window.KlinkTokens;
  const STATUS_LABELS = { ACTIVE: "Active", EXPIRED: "Expired", REVOKED: "Revoked", ROTATED: "Rotated" };

  const state = { tenant: "", tokens: [], nextCursor: null, status: "", owner: "" };

  const $ = function (id) { return document.getElementById(id); };

  function showError(message) {
    const node = $("admin-error");
    node.textContent = message;
    node.hidden = !message;
  }

  // ------------------------------------------------------------------ the tabs

  function buildTabs(ownSection) {
    const ownTab = el("button", { type: "button", role: "tab", id: "tab-own-tokens", "aria-selected": "true",
      "aria-controls": "own-tokens-panel", text: "Your tokens" });
    const adminTab = el("button", { type: "button", role: "tab", id: "tab-admin-tokens", "aria-selected": "false",
      "aria-controls": "admin-tokens-panel", tabindex: "-1", text: "All tokens in " + state.tenant });
    const tabs = el("div", { className: "tabs", role: "tablist", "aria-label": "Token lists" }, [ownTab, adminTab]);
    ownSection.id = ownSection.id || "own-tokens-panel";
    ownSection.setAttribute("role", "tabpanel");
    ownSection.setAttribute("aria-labelledby", "tab-own-tokens");
    ownSection.before(tabs);

    const adminSection = buildAdminSection();
    ownSection.after(adminSection);

    function select(tab) {
      const admin = tab === adminTab;
      ownTab.setAttribute("aria-selected", String(!admin));
      adminTab.setAttribute("aria-selected", String(admin));
      ownTab.tabIndex = admin ? -1 : 0;
      adminTab.tabIndex = admin ? 0 : -1;
      ownSection.hidden = admin;
      adminSection.hidden = !admin;
      if (admin) {
        reload();
      }
    }
    for (const tab of [ownTab, adminTab]) {
      tab.addEventListener("click", function () { select(tab); });
      tab.addEventListener("keydown", function (event) {
        if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
          event.preventDefault();
          const other = tab === ownTab ? adminTab : ownTab;
          select(other);
          other.focus();
        }
      });
    }
  }

  function buildAdminSection() {
    const status = el("select", { id: "admin-status-filter" }, [
      el("option", { value: "", text: "Every status" }),
      el("option", { value: "active", text: "Active" }),
      el("option", { value: "expired", text: "Expired" }),
      el("option", { value: "revoked", text: "Revoked" })
    ]);
    status.addEventListener("change", function () {
      state.status = status.value;
      reload();
    });
    const owner = el("input", { type: "text", id: "admin-owner-filter", placeholder: "Owner", autocomplete: "off",
      spellcheck: "false" });
    owner.addEventListener("change", function () {
      state.owner = owner.value.trim();
      reload();
    });
    const table = el("table", { className: "tokens", id: "admin-tokens-table", hidden: true }, [
      el("thead", {}, [el("tr", {}, [
        el("th", { scope: "col", text: "Name" }),
        el("th", { scope: "col", text: "Owner" }),
        el("th", { scope: "col", text: "Abilities" }),
        el("th", { scope: "col", text: "Created" }),
        el("th", { scope: "col", text: "Last used" }),
        el("th", { scope: "col", text: "Expires" }),
        el("th", { scope: "col", text: "Status" }),
        el("th", { scope: "col", className: "col-actions" }, [el("span", { className: "visually-hidden", text: "Actions" })])
      ])]),
      el("tbody", { id: "admin-tokens-body" })
    ]);
    const more = el("button", { type: "button", className: "btn", id: "admin-load-more", hidden: true, text: "Load more" });
    more.addEventListener("click", function () { load(true); });
    return el("section", { className: "card", id: "admin-tokens-panel", role: "tabpanel",
      "aria-labelledby": "tab-admin-tokens", hidden: true }, [
      el("div", { className: "card-header" }, [
        el("h2", { id: "admin-tokens-title", text: "All tokens in " + state.tenant }),
        el("span", { className: "count", id: "admin-token-count" })
      ]),
      el("div", { className: "admin-filters" }, [
        el("label", { className: "visually-hidden", for: "admin-owner-filter", text: "Filter by owner" }), owner,
        el("label", { className: "visually-hidden", for: "admin-status-filter", text: "Filter by status" }), status
      ]),
      el("div", { className: "alert", id: "admin-error", role: "alert", hidden: true }),
      el("div", { className: "table-wrap" }, [table]),
      el("div", { className: "empty", id: "admin-tokens-empty", hidden: true, text: "No tokens match." }),
      el("div", { className: "admin-more" }, [more])
    ]);
  }

  // ------------------------------------------------------------------ loading

  function query(cursor) {
    const params = new URLSearchParams({ size: String(PAGE_SIZE) });
    if (state.owner) {
      params.set("owner", state.owner);
    }
    if (state.status) {
      params.set("status", state.status);
    }
    if (cursor) {
      params.set("cursor", cursor);
    }
    return "/api/tokens/admin?" + params.toString();
  }

  async function load(more) {
    try {
      const page = await Klink.request("GET", query(more ? state.nextCursor : null));
      state.tokens = more ? state.tokens.concat(page.items) : page.items;
      state.nextCursor = page.nextCursor || null;
      showError("");
      render();
    } catch (e) {
      showError("Could not load the tenant's tokens: " + e.message);
    }
  }

  function reload() {
    return load(false);
  }

  // ------------------------------------------------------------------ table

  function render() {
    const body = $("admin-tokens-body");
    closeMenu(false);
    body.replaceChildren();
    const empty = state.tokens.length === 0;
    $("admin-tokens-table").hidden = empty;
    $("admin-tokens-empty").hidden = !empty;
    $("admin-load-more").hidden = !state.nextCursor;
    $("admin-token-count").textContent = empty ? "" : state.tokens.length
        + (state.tokens.length === 1 ? " token" : " tokens") + (state.nextCursor ? " shown" : "");
    for (const token of state.tokens) {
      body.append(el("tr", { id: "admin-token-" + token.id, "data-token-id": token.id,
        className: token.status === "ACTIVE" ? "" : "is-inactive" }, [
        el("td", { className: "col-name", "data-label": "Name" }, [
          el("span", { className: "token-name", text: token.name }),
          el("span", { className: "token-hint", text: token.hint || "" })
        ]),
        el("td", { className: "col-owner", "data-label": "Owner" }, [el("span", { className: "owner", text: token.ownerId })]),
        el("td", { className: "col-abilities", "data-label": "Abilities" }, [
          el("span", { className: "abilities" }, token.abilities.map(function (ability) {
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
        el("td", { className: "col-status", "data-label": "Status" }, [statusCell(token)]),
        el("td", { className: "col-actions" }, [token.status === "ACTIVE" ? actionsMenu(token) : null])
      ]));
    }
  }

  function statusCell(token) {
    const badge = el("span", { className: "badge badge-" + String(token.status).toLowerCase(),
      text: STATUS_LABELS[token.status] || token.status });
    if (token.revokedBy && token.status !== "ACTIVE") {
      badge.title = "Revoked by " + token.revokedBy;
    }
    return badge;
  }

  // ------------------------------------------------------------------ the ⋯ menu

  function actionsMenu(token) {
    const menuId = "admin-menu-" + token.id;
    const button = el("button", {
      type: "button", className: "btn btn-ghost btn-icon menu-button", "aria-haspopup": "menu",
      "aria-expanded": "false", "aria-controls": menuId,
      "aria-label": "Actions for " + token.name + " of " + token.ownerId, text: "⋯"
    });
    const revoke = el("button", { type: "button", role: "menuitem", tabindex: "-1", className: "danger", "data-action": "revoke" }, [
      "Revoke", el("span", { className: "menu-hint", text: "Stop it working now" })
    ]);
    const menu = el("div", { className: "menu", id: menuId, role: "menu", "aria-label": "Actions for " + token.name, hidden: true },
        [revoke]);
    button.addEventListener("click", function () {
      if (isMenuOpen(menu)) {
        closeMenu(true);
      } else {
        openMenu(button, menu, 0);
      }
    });
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        closeMenu(true);
      } else if (event.key === "Tab") {
        closeMenu(false);
      }
    });
    revoke.addEventListener("click", function () {
      closeMenu(true);
      confirmRevoke(token, button);
    });
    return el("div", { className: "menu-wrap" }, [button, menu]);
  }

  // The page's confirmation dialog, as the "Your tokens" tab uses it.
  function confirmRevoke(token, returnFocus) {
    const dialog = $("confirm-dialog");
    $("confirm-title").textContent = "Revoke “" + token.name + "” of " + token.ownerId + "?";
    $("confirm-text").textContent = "Scripts and integrations using this token will stop working immediately. "
        + token.ownerId + " will see it as revoked by you. This cannot be undone.";
    const ok = $("confirm-ok");
    ok.textContent = "Revoke token";
    ok.className = "btn btn-danger";
    dialog.returnValue = "";
    dialog.showModal();
    $("confirm-cancel").focus();
    dialog.addEventListener("close", async function () {
      if (document.body.contains(returnFocus)) {
        returnFocus.focus();
      }
      if (dialog.returnValue !== "confirm") {
        return;
      }
      try {
        await Klink.request("DELETE", "/api/tokens/admin/" + encodeURIComponent(token.id));
        toast("Token “" + token.name + "” of " + token.ownerId + " revoked");
        await reload();
        document.dispatchEvent(new CustomEvent("klink:tokens-changed"));
      } catch (e) {
        showError(e.message);
      }
    }, { once: true });
  }

  document.addEventListener("DOMContentLoaded", async function () {
    let session;
    try {
      session = await Klink.session;
    } catch (e) {
      return; // the page shows why it could not load
    }
    if (!session.tokenAdmin) {
      return;
    }
    state.tenant = session.tenant;
    buildTabs($("tokens-title").closest("section"));
  });
})();
