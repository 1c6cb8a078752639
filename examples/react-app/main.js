// A React app with a Touchpoint survey in it, in StrictMode (which mounts every component twice in
// development: the survey still shows once and sends one response).
// Build: node web/build-example.mjs examples/react-app  (then open index.html from a server that
// also serves the widget's dist/ at /dist/). ?survey=URL, ?next=URL (the second survey) and ?endpoint=URL override the defaults.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { TouchpointSurvey } from '@touchpoint/react';

const params = new URLSearchParams(location.search);
const surveys = [
  params.get('survey') || '/examples/surveys/nps-support.json',
  params.get('next') || '/examples/surveys/csat-delivery.json',
];
const endpoint = params.get('endpoint') || '/collect';

function App() {
  const [locale, setLocale] = useState('en');
  const [plan, setPlan] = useState('free'); // a visitor attribute: it changes when they upgrade
  const [which, setWhich] = useState(0); // another survey is another element: the open one is dismissed
  const [log, setLog] = useState([]);
  const record = (name) => (detail) =>
    setLog((lines) => [...lines, `${name} ${detail.question || detail.reason || ''}`.trim()]);
  return (
    <main>
      <h1>Account settings</h1>
      <button id="locale" onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}>
        Locale: {locale}
      </button>
      <button id="upgrade" onClick={() => setPlan('pro')}>
        Plan: {plan}
      </button>
      <button id="next" onClick={() => setWhich(1 - which)}>
        Another survey
      </button>
      <TouchpointSurvey
        survey={surveys[which]}
        endpoint={endpoint}
        locale={locale}
        attributes={{ plan, role: 'owner' }}
        onShown={record('shown')}
        onAnswered={record('answered')}
        onCompleted={record('completed')}
        onDismissed={record('dismissed')}
        onError={record('error')}
      />
      <ol id="log">
        {log.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ol>
    </main>
  );
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
