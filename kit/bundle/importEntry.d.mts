export declare const kit: string;
export declare const SCRIPT_ENTRIES: Record<string, string>;
export declare function importKitEntry(entry: string, source: string): Promise<Record<string, unknown>>;
