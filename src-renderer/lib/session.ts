import { createContext, useContext } from 'react';

/** True during emergency ("break the glass") access: the screens show records but save nothing. */
export const ReadOnlyContext = createContext(false);
export const useReadOnly = (): boolean => useContext(ReadOnlyContext);
