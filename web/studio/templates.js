// Templates of "New survey": the repository's example surveys, bundled (the Studio works the
// same whether or not the collector serves examples/).
import npsSupport from '../../examples/surveys/nps-support.json';
import csatDelivery from '../../examples/surveys/csat-delivery.json';
import cesOnboarding from '../../examples/surveys/ces-onboarding.json';
import cxMaturity from '../../examples/surveys/cx-maturity.json';
import b2bRole from '../../examples/surveys/b2b-role.json';

export const templates = {
  'nps-support': npsSupport,
  'csat-delivery': csatDelivery,
  'ces-onboarding': cesOnboarding,
  'cx-maturity': cxMaturity,
  'b2b-role': b2bRole,
};
