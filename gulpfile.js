// Copies what tsc does not: node icons and codex files, next to the compiled nodes in dist/.
const path = require('path');
const { task, src, dest } = require('gulp');

task('build:assets', copyAssets);

function copyAssets() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest(path.resolve('dist')));
}
