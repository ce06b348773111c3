// Security keys (WebAuthn) for the second step and for registering a key, talking to the
// django-otp-webauthn endpoints in accounts/security_keys.py. Every text comes translated from the
// page (data-msg-* attributes), so this file holds no user-facing strings.
(function () {
  "use strict";

  function toBytes(base64url) {
    const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0)).buffer;
  }

  function toBase64url(buffer) {
    let binary = "";
    for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map((c) => Object.assign({}, c, { id: toBytes(c.id) }));
  }

  async function postJson(url, csrfToken, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken },
      body: body === undefined ? "" : JSON.stringify(body),
    });
    const type = response.headers.get("content-type") || "";
    if (!response.ok || !type.includes("application/json")) throw new Error("server: " + response.status);
    return response.json();
  }

  async function register(options) {
    const publicKey = Object.assign({}, options, {
      challenge: toBytes(options.challenge),
      user: Object.assign({}, options.user, { id: toBytes(options.user.id) }),
      excludeCredentials: descriptors(options.excludeCredentials),
    });
    const credential = await navigator.credentials.create({ publicKey: publicKey });
    const response = credential.response;
    return {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      response: {
        clientDataJSON: toBase64url(response.clientDataJSON),
        attestationObject: toBase64url(response.attestationObject),
        transports: typeof response.getTransports === "function" ? response.getTransports() : [],
      },
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
    };
  }

  async function verify(options) {
    const publicKey = Object.assign({}, options, {
      challenge: toBytes(options.challenge),
      allowCredentials: descriptors(options.allowCredentials),
    });
    const credential = await navigator.credentials.get({ publicKey: publicKey });
    const response = credential.response;
    return {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      response: {
        clientDataJSON: toBase64url(response.clientDataJSON),
        authenticatorData: toBase64url(response.authenticatorData),
        signature: toBase64url(response.signature),
        userHandle: response.userHandle ? toBase64url(response.userHandle) : undefined,
      },
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
    };
  }

  function setUp(box) {
    const button = box.querySelector("[data-security-key-button]");
    const status = box.querySelector("[data-security-key-status]");
    const form = box.closest("form") || document;
    const csrfInput = form.querySelector("input[name=csrfmiddlewaretoken]");
    const say = (text) => { status.textContent = text; };

    if (!window.PublicKeyCredential || !navigator.credentials) {
      button.disabled = true;
      say(box.dataset.msgUnsupported);
      return;
    }
    button.addEventListener("click", async () => {
      button.disabled = true;
      say(box.dataset.msgBusy);
      const completeUrl = new URL(box.dataset.completeUrl, window.location.origin);
      if (box.dataset.next) completeUrl.searchParams.set("next", box.dataset.next);
      const trust = box.dataset.trustCheckbox && document.getElementById(box.dataset.trustCheckbox);
      if (trust && trust.checked) completeUrl.searchParams.set("trust", "1");
      try {
        const csrfToken = csrfInput ? csrfInput.value : "";
        const options = await postJson(box.dataset.beginUrl, csrfToken);
        const ceremony = box.dataset.securityKey === "register" ? register : verify;
        const result = await postJson(completeUrl.toString(), csrfToken, await ceremony(options));
        say(box.dataset.msgDone);
        window.location.assign(result.redirect_url);
      } catch (error) {
        // NotAllowedError: she cancelled, or the browser timed out waiting for the key.
        say(error && error.name === "NotAllowedError" ? box.dataset.msgCancelled : box.dataset.msgFailed);
        button.disabled = false;
        button.focus();
      }
    });
  }

  document.querySelectorAll("[data-security-key]").forEach(setUp);
})();
