/** Unit tests of InfluencerScore/rules/nicheFit.ts: folded text, keywords inside hashtags, the niche-fit score. */
import {
	foldText,
	nicheFit,
	searchable,
	mentions,
} from '../../nodes/InfluencerScore/rules/nicheFit';

describe('niche fit', () => {
	it('folds case and accents, splits hashtags, and finds keywords inside run-together tags', () => {
		expect(foldText('Küche & Straße!')).toBe('kuche strasse');
		const text = searchable('Abends #VeganFood und #pflanzlicheküche');
		expect(mentions(text, 'vegan food')).toBe(true);
		expect(mentions(text, foldText('pflanzliche Küche'))).toBe(true);
		expect(mentions(text, 'kuche')).toBe(true);
		expect(mentions(searchable('veganer'), 'vegan')).toBe(false);
	});

	it('scores coverage and on-topic captions', () => {
		const fit = nicheFit(
			searchable('vegan recipes'),
			['#vegan pasta', 'holiday', 'Rezepte'].map(searchable),
			['vegan', 'rezepte', 'kochen'],
		);
		expect(fit).toMatchObject({ matched: ['vegan', 'rezepte'], postsMatching: 2, postsChecked: 3 });
		expect(fit.score).toBe(Math.round(60 * (2 / 3) + 40 * (2 / 3)));
		expect(nicheFit(searchable('x'), [], []).score).toBeNull();
	});
});
