// Shared by every signed-in page: the sidebar, the signed-in user, and fetch with CSRF.
(function () {
  "use strict";

  function cookie(name) {
    const prefix = name + "=";
    for (const part of document.cookie.split(";")) {
      const trimmed = part.trim();
      if (trimmed.startsWith(prefix)) {
        return decodeURIComponent(trimmed.substring(prefix.length));
      }
    }
    return null;
  }

  /** Spring Security keeps the CSRF token in the XSRF-TOKEN cookie and expects it back in X-XSRF-TOKEN. */
  async function request(method, url, body) {
    const headers = { "Accept": "application/json" };
    if (method !== "GET" && method !== "HEAD") {
      const token = cookie("XSRF-TOKEN");
      if (token) {
        headers["X-XSRF-TOKEN"] = token;
      }
    }
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    const response = await fetch(url, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
      redirect: "manual"
    });
    // An expired session answers with a redirect to the login page.
    if (response.type === "opaqueredirect" || response.status === 401) {
      window.location.assign("/login?expired");
      throw new Error("Your session has ended; please sign in again.");
    }
    let data = null;
    const type = response.headers.get("Content-Type") || "";
    if (response.status !== 204 && type.includes("json")) {
      data = await response.json();
    }
    if (!response.ok) {
      const error = new Error((data && (data.detail || data.message || data.title)) || ("Request failed with status " + response.status));
      error.status = response.status;
      error.problem = data;
      throw error;
    }
    return data;
  }

  function setupNavGroups() {
    document.querySelectorAll(".nav-group-toggle").forEach(function (toggle) {
      const list = document.getElementById(toggle.getAttribute("aria-controls"));
      list.hidden = toggle.getAttribute("aria-expanded") !== "true";
      toggle.addEventListener("click", function () {
        const open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", String(open));
        list.hidden = !open;
      });
    });
  }

  function setupNarrowMenu() {
    const button = document.getElementById("nav-toggle");
    if (!button) {
      return;
    }
    function set(open) {
      document.body.classList.toggle("nav-open", open);
      button.setAttribute("aria-expanded", String(open));
    }
    button.addEventListener("click", function () {
      set(!document.body.classList.contains("nav-open"));
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && document.body.classList.contains("nav-open")) {
        set(false);
        button.focus();
      }
    });
  }

  function setupSignOut() {
    const form = document.getElementById("signout-form");
    if (!form) {
      return;
    }
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      try {
        await fetch("/logout", {
          method: "POST",
          headers: { "X-XSRF-TOKEN": cookie("XSRF-TOKEN") || "" },
          credentials: "same-origin",
          redirect: "manual"
        });
      } finally {
        window.location.assign("/login?logout");
      }
    });
  }

  async function loadSession() {
    const session = await request("GET", "/app/session");
    document.getElementById("user-name").textContent = session.displayName;
    document.getElementById("user-tenant").textContent = "Tenant: " + session.tenant;
    document.getElementById("user-avatar").textContent = session.displayName.charAt(0);
    return session;
  }

  const session = loadSession();

  document.addEventListener("DOMContentLoaded", function () {
    setupNavGroups();
    setupNarrowMenu();
    setupSignOut();
  });

  window.Klink = { request: request, session: session };
})();
