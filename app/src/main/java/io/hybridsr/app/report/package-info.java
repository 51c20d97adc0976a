/** Plots and tables the CLI draws from simulation and benchmark results (xchart, PNG). */
package io.hybridsr.app.report;
