// Templates of "New survey": the repository's example surveys, bundled (the Studio works the
// same whether or not the collector serves examples/).
import npsSupport from '../../examples/surveys/nps-support.json';
import csatDelivery from '../../examples/surveys/csat-delivery.json';
import cesOnboarding from '../../examples/surveys/ces-onboarding.json';
import cxMaturity from '../../examples/surveys/cx-maturity.json';
import b2bRole from '../../examples/surveys/b2b-role.json';

// An example's "$schema" is a path from its file in the repository to docs/schema/ (for
// editors); a survey made from it lives in the collector, where that path means nothing.
const template = ({ $schema, ...doc }) => doc;

export const templates = {
  'nps-support': template(npsSupport),
  'csat-delivery': template(csatDelivery),
  'ces-onboarding': template(cesOnboarding),
  'cx-maturity': template(cxMaturity),
  'b2b-role': template(b2bRole),
};
