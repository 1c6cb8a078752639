// A Vue 3 app with a Touchpoint survey in it: props in, the survey's events out.
// Build: node web/build-example.mjs examples/vue-app  (then open index.html from a server that
// also serves the widget's dist/ at /dist/). ?survey=URL and ?endpoint=URL override the defaults.
import { createApp, h, ref } from 'vue';
import { TouchpointSurvey } from '@touchpoint/vue';

const params = new URLSearchParams(location.search);
const survey = params.get('survey') || '/examples/surveys/nps-support.json';
const endpoint = params.get('endpoint') || '/collect';

const App = {
  setup() {
    const theme = ref('light');
    const open = ref(true);
    const surveyRef = ref(null); // exposes preview() and dismiss()
    const log = ref([]);
    const record = (name) => (detail) =>
      log.value.push(`${name} ${detail.question || detail.reason || ''}`.trim());
    return () =>
      h('main', [
        h('h1', 'Account settings'),
        h(
          'button',
          { id: 'theme', onClick: () => (theme.value = theme.value === 'light' ? 'dark' : 'light') },
          `Theme: ${theme.value}`,
        ),
        h(
          'button',
          { id: 'toggle', onClick: () => (open.value = !open.value) },
          open.value ? 'Hide the survey' : 'Show the survey',
        ),
        h('button', { id: 'dismiss', onClick: () => surveyRef.value?.dismiss() }, 'Not now'),
        open.value &&
          h(TouchpointSurvey, {
            ref: surveyRef,
            survey,
            endpoint,
            theme: theme.value,
            locale: 'zh-CN',
            onShown: record('shown'),
            onAnswered: record('answered'),
            onCompleted: record('completed'),
            onDismissed: record('dismissed'),
            onError: record('error'),
          }),
        h(
          'ol',
          { id: 'log' },
          log.value.map((line) => h('li', line)),
        ),
      ]);
  },
};

createApp(App).mount('#root');
