import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {safeText} from '../source/decode/sanitize.js';

describe('safeText', () => {
	it('leaves ordinary Go names alone', () => {
		for (const name of ['main.(*sessionStore).remember', 'net/http.(*conn).serve', 'pkg.Map[...].Get', 'C:\\go\\src\\x.go', 'größe.函数']) {
			assert.equal(safeText(name), name);
		}
	});

	it('escapes escape sequences, control characters and bidi overrides', () => {
		assert.equal(safeText('evil\u001b[2Jname'), 'evil\\x1b[2Jname');
		assert.equal(safeText('osc\u001b]52;c;aGk=\u0007'), 'osc\\x1b]52;c;aGk=\\x07');
		assert.equal(safeText('a\rb\nc\td'), 'a\\rb\\nc\\td');
		assert.equal(safeText('c1\u009bcsi'), 'c1\\x9bcsi');
		assert.equal(safeText('del\u007f'), 'del\\x7f');
		assert.equal(safeText('bidi\u202eevil'), 'bidi\\u202eevil');
		assert.equal(safeText('nul\u0000'), 'nul\\x00');
	});

	it('output never contains a control character', () => {
		let all = '';
		for (let code = 0; code < 0x300; code++) all += String.fromCharCode(code);
		assert.doesNotMatch(safeText(all), /[\u0000-\u001f\u007f-\u009f]/);
	});
});

describe('safeText against invisible characters and huge names', () => {
	it('makes zero-width and invisible characters visible, so two different names never look the same', () => {
		for (const [raw, shown] of [
			['a\u200bb', 'a\\u200bb'],
			['a\u200db', 'a\\u200db'],
			['a\u2060b', 'a\\u2060b'],
			['\ufeffmain', '\\ufeffmain'],
			['line\u2028sep', 'line\\u2028sep'],
			['para\u2029sep', 'para\\u2029sep'],
			['tag\u{e0041}', 'tag\\u{e0041}'],
			['soft\u00adhyphen', 'soft\\xadhyphen'],
		]) {
			assert.equal(safeText(raw!), shown);
		}
		assert.notEqual(safeText('main.run'), safeText('main.r\u200bun'));
	});

	it('cuts a name longer than any real one', () => {
		const huge = 'x'.repeat(10 * 2 ** 20);
		const shown = safeText(huge);
		assert.ok(shown.length < 1100, String(shown.length));
		assert.match(shown, /…\[10484736 more\]$/);
	});
});
