/**
 * Each profile stage's section of the score record: one {@link io.brink.record.section.ScoreSection} per stage that
 * writes fields, registered in {@link io.brink.record.section.ScoreSections}. {@code ScoreMapper} writes the core
 * fields and calls the section of every stage that ran for the window.
 */
package io.brink.record.section;
