// First script of the CSP test page: records every Content-Security-Policy / Trusted Types
// violation from the very start (the widget's shadow roots report to this document too).
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ''}`.trim());
});
