// The host page's own script: the queue stub, then touchpoint() calls that run before the loader
// has arrived. Query parameters select what the tests and screenshots need:
//   ?survey=nps-support&mode=modal&theme=dark&locale=zh-CN&dir=rtl&trigger=1&host-theme=dark
window.touchpoint = window.touchpoint || function () { (touchpoint.q = touchpoint.q || []).push(arguments); };
(function () {
  var params = new URLSearchParams(location.search);
  if (params.get('host-theme')) document.documentElement.dataset.theme = params.get('host-theme');
  window.tpEvents = [];
  ['shown', 'answered', 'completed', 'queued', 'sent', 'dismissed', 'error'].forEach(function (name) {
    document.addEventListener('touchpoint:' + name, function (e) {
      window.tpEvents.push({ name: name, detail: JSON.parse(JSON.stringify(e.detail || {})) });
      document.documentElement.dataset['tp' + name[0].toUpperCase() + name.slice(1)] = 'true';
    });
  });
  touchpoint('init', {
    surveys: params.get('surveys') || '/examples/surveys/',
    endpoint: params.get('endpoint') || '/collect',
    alertEndpoint: params.get('alert') || undefined,
    locale: params.get('locale') || 'en',
    theme: params.get('theme') || 'auto',
    retry: { baseMs: 200, capMs: 2000 },
  });
  var survey = params.get('survey');
  if (!survey) return;
  var options = { force: true };
  if (params.get('mode')) options.mode = params.get('mode');
  if (params.get('mode') === 'inline') {
    // inline: the custom element placed where the page wants it
    document.addEventListener('DOMContentLoaded', function () {
      var el = document.createElement('touchpoint-survey');
      el.setAttribute('src', survey.indexOf('/') >= 0 ? survey : '/examples/surveys/' + survey + '.json');
      el.setAttribute('mode', 'inline');
      if (params.get('locale')) el.setAttribute('locale', params.get('locale'));
      if (params.get('theme')) el.setAttribute('theme', params.get('theme'));
      document.getElementById('inline-slot').append(el);
    });
  } else if (params.get('trigger')) {
    touchpoint('watch', survey, options);
  } else {
    touchpoint('show', survey, options);
  }
})();
