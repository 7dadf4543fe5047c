// Entry of the forked engine process.
export {};
