/**
 * Configurations e = [S, D] (SR scale and denoising steps), their candidate sets and the generation
 * size R = R~ / S they imply (paper, section III-A2 and constraint 13).
 */
package io.hybridsr.core.config;
