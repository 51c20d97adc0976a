/** CLIP's byte-level BPE tokenizer in Java, read from a Hugging Face tokenizer folder. */
package io.hybridsr.inference.tokenizer;
