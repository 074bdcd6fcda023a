import { createContext, useContext } from 'react';
import { makeTheme, type Theme } from './make-theme.js';

export { makeTheme, type ColorName, type Theme } from './make-theme.js';

export const ThemeContext = createContext<Theme>(makeTheme({ color: true, ascii: false }));

export const useTheme = (): Theme => useContext(ThemeContext);
