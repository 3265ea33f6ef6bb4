/** `typescript`, loaded on first use (see lazy.cjs). */
'use strict';
module.exports = require('./lazy.cjs').lazy('typescript');
