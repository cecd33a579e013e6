export interface BuildManifest {
  key: string;
  inputs: string[];
  listings: string[];
}
/** `ext` defaults to ".ts"; "" lists every file. */
export declare function listing(root: string, dir: string, ext?: string): string[];
export declare function inputKey(root: string, name: string, inputs: string[], listings: string[]): string;
export declare function readManifest(cacheDir: string, name: string): BuildManifest | undefined;
export declare function currentBuild(root: string, cacheDir: string, name: string): { dir: string; key: string; inputs: string[] } | undefined;
