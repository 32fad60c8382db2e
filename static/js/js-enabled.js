// Runs first in <body>: tells the NHS.UK styles that JavaScript (and ES modules) are available.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " nhsuk-frontend-supported" : "");
