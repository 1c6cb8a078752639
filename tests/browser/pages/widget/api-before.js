// Snapshot of the globals before the widget loads: the widget may add exactly one (touchpoint).
window.globalsBefore = Object.getOwnPropertyNames(window);
