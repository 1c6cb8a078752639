// The table both Studio lists share (surveys, journey maps): a row per document with its newest
// version, the version published and who saved the newest, and buttons that name the document.
import { html } from 'lit';

/**
 * @param {(key: string) => string} t  the list's strings (StudioElement#t)
 * @param {string} nameHeader  the first column's header (the kind of document)
 * @param {{name: string, latest: number, published: number, author: string}[]} rows
 * @param {{label: string, run: (name: string) => void}[]} actions  the buttons of each row
 */
export function versionTable(t, nameHeader, rows, actions) {
  return html`<table class="list">
    <thead>
      <tr>
        <th scope="col">${nameHeader}</th>
        <th scope="col">${t('colLatest')}</th>
        <th scope="col">${t('colPublished')}</th>
        <th scope="col">${t('colAuthor')}</th>
        <th scope="col"><span class="visually-hidden">${t('open')}</span></th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr>
            <th scope="row">${r.name}</th>
            <td>${r.latest}</td>
            <td>${r.published || t('notPublished')}</td>
            <td>${r.author}</td>
            <td>
              ${actions.map(
                (a, i) =>
                  html`${i ? ' ' : ''}<button
                      type="button"
                      @click=${() => a.run(r.name)}
                      aria-label=${`${a.label} ${r.name}`}
                    >
                      ${a.label}
                    </button>`,
              )}
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
