/** Types of ./tmp-cache.cjs (the code and its documentation are there). */
export declare function contentKey(parts: ReadonlyArray<string | Uint8Array>, length: number): string;
export declare function filesUnder(dir: string, accept?: (name: string) => boolean): string[];
export declare function packageVersion(name: string, from: string): string;
export declare function writeAtomically(target: string, write: (tmp: string) => void, complete?: () => boolean): void;
export declare function touch(entry: string): void;
export declare function prune(root: string, options: { olderThanMs: number; keep?: string; prunable?: (name: string) => boolean }): void;
