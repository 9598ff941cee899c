import '../src/webmks-console.js';
