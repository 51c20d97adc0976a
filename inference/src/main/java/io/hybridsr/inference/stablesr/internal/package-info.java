/** StableSR helpers no user should call directly (resampling). */
package io.hybridsr.inference.stablesr.internal;
