import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';

const apiServer = 'http://localhost:3000';

export default defineConfig({
  plugins: [
    react(),
    tailwindcss(),
    VitePWA({
      registerType: 'autoUpdate',
      // The server sends `script-src 'self'`: the registration must be a file, never an inline script.
      injectRegister: 'script',
      // The glob below already precaches every icon; listing them again would duplicate entries.
      includeManifestIcons: false,
      manifest: {
        name: 'Beseda',
        short_name: 'Beseda',
        description: 'Team chats and meetings',
        lang: 'en',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#4f46e5',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png}'],
        // The emoji names (1.3 MB) are fetched when a picker first opens, then cached by the
        // browser like any hashed asset; installing the app does not download them up front.
        globIgnores: ['**/emoji-*.js'],
        runtimeCaching: [
          {
            urlPattern: /\/assets\/emoji-[^/]+\.js$/,
            handler: 'CacheFirst',
            options: { cacheName: 'emoji-data', expiration: { maxEntries: 10 } },
          },
        ],
        navigateFallback: '/index.html',
        // Server routes must always reach the network, never the cached SPA shell.
        navigateFallbackDenylist: [/^\/api(\/|$)/, /^\/health(\/|$)/, /^\/metrics(\/|$)/],
        // Push and notification-click handlers live in a plain script from public/, loaded into
        // the generated worker; the precaching and routing above stay as workbox writes them.
        importScripts: ['/push-sw.js'],
      },
    }),
  ],
  resolve: {
    alias: {
      // Use the shared zod schemas from source so the client never waits for a protocol build.
      '@beseda/protocol': fileURLToPath(new URL('../../packages/protocol/src/index.ts', import.meta.url)),
    },
  },
  server: {
    proxy: {
      '/api': { target: apiServer, ws: true, changeOrigin: true },
      '/health': { target: apiServer, changeOrigin: true },
      '/metrics': { target: apiServer, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries change far less often than our code: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
            {
              name: 'i18n',
              test: /node_modules[\\/](i18next|react-i18next|i18next-browser-languagedetector)[\\/]/,
            },
            { name: 'query', test: /node_modules[\\/]@tanstack[\\/]/ },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
            // Only the two-factor setup draws QR codes: its own chunk, loaded on demand.
            { name: 'qrcode', test: /node_modules[\\/](qrcode|dijkstrajs|pngjs)[\\/]/ },
            {
              // Emoji names and keywords: a chunk per data file, fetched when a picker first opens.
              debugName: 'emoji',
              name: (id) => {
                const file = /node_modules[\\/]emojibase-data[\\/](.+)\.json$/.exec(id)?.[1];
                return file ? `emoji-${file.replaceAll(/[\\/]/g, '-')}` : null;
              },
            },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  test: {
    name: 'web',
    root: fileURLToPath(new URL('.', import.meta.url)),
    environment: 'jsdom',
    include: ['src/**/*.spec.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
  },
});
