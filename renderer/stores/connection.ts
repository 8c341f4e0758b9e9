import { create } from 'zustand';
import type { ConnectionState } from '../api/client.js';

export const useConnection = create<{ state: ConnectionState }>(() => ({ state: 'connecting' }));
