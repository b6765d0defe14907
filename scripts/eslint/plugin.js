'use strict';
/** Marquee's own ESLint rules. */
module.exports = {
  meta: { name: 'eslint-plugin-marquee', version: '0.1.0' },
  rules: {
    'no-sibling-service-access': require('./no-sibling-service-access'),
  },
};
