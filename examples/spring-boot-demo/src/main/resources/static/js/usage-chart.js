// Usage per day on the API Tokens page: a "Usage" button in each token row opens, below the row, a bar chart of the
// token's successful verifications on each of the last 30 UTC days (GET /api/tokens/{id}/usage), drawn here as
// inline SVG: no library, nothing loaded from elsewhere.
(function () {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";
  const WIDTH = 600;
  const HEIGHT = 140;
  const PLOT_TOP = 14;
  const PLOT_BOTTOM = 116;
  const PLOT_LEFT = 34;
  const PLOT_RIGHT = 594;
  const ZERO_STUB = 1.5;
  const dayFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
  const shortDayFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
  const numberFormat = new Intl.NumberFormat("en-US");

  function svg(tag, attributes, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      node.setAttribute(key, String(value));
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function html(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      node.setAttribute(key, String(value));
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function utcDate(isoDay) {
    return new Date(isoDay + "T00:00:00Z");
  }

  function plural(count, one, many) {
    return numberFormat.format(count) + " " + (count === 1 ? one : many);
  }

  /** The smallest of 1, 2, 5, 10, 20, 50, … at least as large as max: the top of the scale. */
  function niceMax(max) {
    if (max <= 1) {
      return 1;
    }
    let step = 1;
    while (true) {
      for (const factor of [1, 2, 5]) {
        if (step * factor >= max) {
          return step * factor;
        }
      }
      step *= 10;
    }
  }

  /** The chart of a series {date, count}[] (oldest first), titled for the token. */
  function chart(token, days, total) {
    const titleId = "usage-title-" + token.id;
    const descId = "usage-desc-" + token.id;
    const top = niceMax(Math.max.apply(null, days.map(function (d) { return d.count; }).concat([0])));
    const slot = (PLOT_RIGHT - PLOT_LEFT) / days.length;
    const barWidth = Math.max(2, slot * 0.72);
    const used = days.filter(function (d) { return d.count > 0; }).length;
    const first = days.length ? dayFormat.format(utcDate(days[0].date)) : "";
    const last = days.length ? dayFormat.format(utcDate(days[days.length - 1].date)) : "";

    const root = svg("svg", {
      class: "usage-chart", viewBox: "0 0 " + WIDTH + " " + HEIGHT, role: "img",
      "aria-labelledby": titleId + " " + descId, preserveAspectRatio: "xMinYMid meet"
    });
    root.append(svg("title", { id: titleId }, "Successful verifications of “" + token.name + "” per day (UTC)"));
    root.append(svg("desc", { id: descId }, plural(total, "verification", "verifications") + " from " + first
        + " to " + last + ", on " + plural(used, "day", "days") + "."));

    // scale: a base line, the top value and zero
    root.append(svg("line", { class: "usage-axis", x1: PLOT_LEFT, x2: PLOT_RIGHT, y1: PLOT_BOTTOM, y2: PLOT_BOTTOM }));
    root.append(svg("line", { class: "usage-grid", x1: PLOT_LEFT, x2: PLOT_RIGHT, y1: PLOT_TOP, y2: PLOT_TOP }));
    root.append(svg("text", { class: "usage-scale", x: PLOT_LEFT - 6, y: PLOT_TOP + 4, "text-anchor": "end", "aria-hidden": "true" },
        numberFormat.format(top)));
    root.append(svg("text", { class: "usage-scale", x: PLOT_LEFT - 6, y: PLOT_BOTTOM + 4, "text-anchor": "end", "aria-hidden": "true" }, "0"));

    const bars = svg("g", { class: "usage-bars" });
    days.forEach(function (day, index) {
      // a day without use keeps a low stub, so that all 30 days stay visible
      const height = day.count === 0 ? ZERO_STUB : Math.max(2, (PLOT_BOTTOM - PLOT_TOP) * day.count / top);
      const x = PLOT_LEFT + index * slot + (slot - barWidth) / 2;
      const label = dayFormat.format(utcDate(day.date)) + ": " + plural(day.count, "verification", "verifications");
      const bar = svg("rect", {
        class: day.count === 0 ? "usage-bar is-zero" : "usage-bar",
        x: x.toFixed(2), y: (PLOT_BOTTOM - height).toFixed(2), width: barWidth.toFixed(2), height: height.toFixed(2),
        rx: 1.5, "data-date": day.date, "data-count": day.count
      });
      bar.append(svg("title", {}, label));
      bars.append(bar);
    });
    root.append(bars);

    // the first, middle and last day under the bars
    [0, Math.floor((days.length - 1) / 2), days.length - 1].forEach(function (index, position) {
      if (index < 0 || index >= days.length) {
        return;
      }
      const x = PLOT_LEFT + index * slot + slot / 2;
      root.append(svg("text", {
        class: "usage-day-label", x: x.toFixed(2), y: HEIGHT - 6, "aria-hidden": "true",
        "text-anchor": position === 0 ? "start" : position === 2 ? "end" : "middle"
      }, shortDayFormat.format(utcDate(days[index].date))));
    });
    return root;
  }

  async function load(token, cell) {
    cell.replaceChildren(html("p", { class: "usage-loading" }, "Loading usage…"));
    try {
      const usage = await Klink.request("GET", "/api/tokens/" + encodeURIComponent(token.id) + "/usage");
      const days = usage.days || [];
      const total = days.reduce(function (sum, d) { return sum + d.count; }, 0);
      const heading = html("div", { class: "usage-header" });
      heading.append(html("h3", { class: "usage-heading" }, "Usage, last 30 days"));
      heading.append(html("p", { class: "usage-total", id: "usage-total-" + token.id },
          plural(total, "successful verification", "successful verifications")));
      cell.replaceChildren(heading, chart(token, days, total),
          html("p", { class: "usage-note" }, "Days are UTC. Each bar counts the requests the token authenticated that day."));
    } catch (e) {
      cell.replaceChildren(html("p", { class: "usage-error", role: "alert" }, "Could not load the usage: " + e.message));
    }
  }

  function toggle(row, token, button) {
    const panelId = "usage-" + token.id;
    const open = document.getElementById(panelId);
    if (open) {
      open.remove();
      button.setAttribute("aria-expanded", "false");
      return;
    }
    const cell = html("td", { colspan: row.children.length });
    const panel = html("tr", { id: panelId, class: "usage-row", "aria-label": "Usage of " + token.name });
    panel.append(cell);
    row.after(panel);
    button.setAttribute("aria-expanded", "true");
    load(token, cell);
  }

  /** Adds the "Usage" button to a token's row (called by api-tokens.js for every row it renders). */
  function decorate(row, token) {
    const nameCell = row.querySelector(".col-name");
    if (!nameCell) {
      return;
    }
    const button = html("button", {
      type: "button", class: "btn btn-sm btn-ghost usage-toggle", "aria-expanded": "false",
      "aria-controls": "usage-" + token.id, "aria-label": "Usage of " + token.name + " per day"
    });
    button.append(svg("svg", { viewBox: "0 0 16 16", class: "usage-icon", "aria-hidden": "true" }));
    button.firstChild.append(svg("path", { fill: "currentColor", d: "M2 13h12v1H2zM3 8h2v4H3zM7 4h2v8H7zM11 6h2v6h-2z" }));
    button.append(document.createTextNode(" Usage"));
    button.addEventListener("click", function () { toggle(row, token, button); });
    nameCell.append(button);
  }

  window.KlinkUsageChart = { decorate: decorate, chart: chart };
})();
