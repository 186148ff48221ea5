/** The theme choice is kept in localStorage under this key: 'light', 'dark', or absent (follow the system). */
export const THEME_STORAGE_KEY = 'tts-theme';

/**
 * Runs in <head> before the first paint, so a dark-theme user never sees a white flash: sets the
 * `dark` class on <html> from the saved choice or the system preference.
 */
export const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem('${THEME_STORAGE_KEY}');var d=t==='dark'||(t!=='light'&&matchMedia('(prefers-color-scheme: dark)').matches);document.documentElement.classList.toggle('dark',d);}catch(e){}})();`;
