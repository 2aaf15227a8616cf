// The IP allowlist of the API Tokens page: reads the "Allowed IPs" field of the issue dialog (comma or newline
// separated CIDR ranges), shows an error for an entry that cannot be a range, and lists a token's ranges in its row.
// The server decides what is valid (strict IPv4 and IPv6 literals, at most 20 ranges); this only catches typos early.
(function () {
  "use strict";

  const MAX_RANGES = 20;
  // digits, hex letters, dots and colons, then an optional /prefix: anything else cannot be an address
  const RANGE_SHAPE = /^[0-9A-Fa-f:.]+(\/[0-9]{1,3})?$/;

  const $ = function (id) { return document.getElementById(id); };

  function entries(text) {
    return text.split(/[\s,]+/).filter(function (entry) { return entry.length > 0; });
  }

  function showError(message) {
    const input = $("token-allowed-ips");
    const error = $("token-allowed-ips-error");
    if (!input || !error) {
      return false;
    }
    input.setAttribute("aria-invalid", message ? "true" : "false");
    error.textContent = message || "";
    return true;
  }

  /** Adds allowedIps to the issue request's body, or an error to errors. */
  function readInto(body, errors) {
    const input = $("token-allowed-ips");
    if (!input) {
      return;
    }
    const ranges = entries(input.value);
    if (ranges.length === 0) {
      return;
    }
    const malformed = ranges.find(function (range) { return !RANGE_SHAPE.test(range); });
    if (malformed !== undefined) {
      errors.allowedIps = "“" + malformed + "” is not an IP address or CIDR range, such as 10.0.0.0/8.";
    } else if (ranges.length > MAX_RANGES) {
      errors.allowedIps = "At most " + MAX_RANGES + " ranges are allowed; you gave " + ranges.length + ".";
    } else {
      body.allowedIps = ranges;
    }
  }

  /** Adds "Allowed from: …" under the token's name when it has an allowlist. */
  function decorateRow(row, token) {
    const ranges = token.allowedIps || [];
    const cell = row.querySelector("td.col-name");
    if (ranges.length === 0 || !cell) {
      return;
    }
    const line = document.createElement("span");
    line.className = "token-allowed-ips";
    line.append("Allowed from: ");
    ranges.forEach(function (range, index) {
      if (index > 0) {
        line.append(", ");
      }
      const code = document.createElement("code");
      code.textContent = range;
      line.append(code);
    });
    cell.append(line);
  }

  window.KlinkAllowlist = { readInto: readInto, showError: showError, decorateRow: decorateRow };
})();
