// n8n-core writes a settings file into the user folder: keep it out of the developer's home.
const fs = require('fs');
const os = require('os');
const path = require('path');
if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'social-funnel-jest-'));
}
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';
