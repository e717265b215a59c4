/** The values of one review request (Ana, a mug, the Shop): fixtures for the message tests. */
export const values = {
	firstName: 'Ana',
	product: 'Mug',
	reviewLink: 'https://shop.example/r?utm_source=n8n',
	shopName: 'Shop',
	unsubscribeLink: 'https://shop.example/u',
};
