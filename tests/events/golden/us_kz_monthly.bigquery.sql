SELECT
  `t10`.`pair`,
  `t10`.`month`,
  `t10`.`n`,
  `t10`.`n_cooperation`,
  `t10`.`n_conflict`,
  `t10`.`goldstein_mean`,
  `t10`.`tone_mean`,
  `t10`.`mentions`,
  `t10`.`sources`,
  `t10`.`n_other`,
  `t10`.`n_request`,
  `t10`.`n_agree`,
  `t10`.`n_consult`,
  `t10`.`n_cooperate`,
  `t10`.`n_support`,
  `t10`.`n_concede`,
  `t10`.`n_aid`,
  `t10`.`n_retreat`,
  `t10`.`n_accuse`,
  `t10`.`n_reject`,
  `t10`.`n_threaten`,
  `t10`.`n_protest`,
  `t10`.`n_mobilize`,
  `t10`.`n_sanction`,
  `t10`.`n_coerce`,
  `t10`.`n_assault`,
  ieee_divide(CAST(`t10`.`n_cooperation` - `t10`.`n_conflict` AS FLOAT64), `t10`.`n`) AS `coop_index`
FROM (
  SELECT
    `t9`.`pair`,
    `t9`.`month`,
    COUNT(*) AS `n`,
    SUM(CAST(`t9`.`quad_class` IN (1, 2) AS INT64)) AS `n_cooperation`,
    SUM(CAST(`t9`.`quad_class` IN (3, 4) AS INT64)) AS `n_conflict`,
    AVG(`t9`.`goldstein`) AS `goldstein_mean`,
    AVG(`t9`.`avg_tone`) AS `tone_mean`,
    SUM(`t9`.`num_mentions`) AS `mentions`,
    SUM(`t9`.`num_sources`) AS `sources`,
    SUM(CAST(`t9`.`plover_type` = 'OTHER' AS INT64)) AS `n_other`,
    SUM(CAST(`t9`.`plover_type` = 'REQUEST' AS INT64)) AS `n_request`,
    SUM(CAST(`t9`.`plover_type` = 'AGREE' AS INT64)) AS `n_agree`,
    SUM(CAST(`t9`.`plover_type` = 'CONSULT' AS INT64)) AS `n_consult`,
    SUM(CAST(`t9`.`plover_type` = 'COOPERATE' AS INT64)) AS `n_cooperate`,
    SUM(CAST(`t9`.`plover_type` = 'SUPPORT' AS INT64)) AS `n_support`,
    SUM(CAST(`t9`.`plover_type` = 'CONCEDE' AS INT64)) AS `n_concede`,
    SUM(CAST(`t9`.`plover_type` = 'AID' AS INT64)) AS `n_aid`,
    SUM(CAST(`t9`.`plover_type` = 'RETREAT' AS INT64)) AS `n_retreat`,
    SUM(CAST(`t9`.`plover_type` = 'ACCUSE' AS INT64)) AS `n_accuse`,
    SUM(CAST(`t9`.`plover_type` = 'REJECT' AS INT64)) AS `n_reject`,
    SUM(CAST(`t9`.`plover_type` = 'THREATEN' AS INT64)) AS `n_threaten`,
    SUM(CAST(`t9`.`plover_type` = 'PROTEST' AS INT64)) AS `n_protest`,
    SUM(CAST(`t9`.`plover_type` = 'MOBILIZE' AS INT64)) AS `n_mobilize`,
    SUM(CAST(`t9`.`plover_type` = 'SANCTION' AS INT64)) AS `n_sanction`,
    SUM(CAST(`t9`.`plover_type` = 'COERCE' AS INT64)) AS `n_coerce`,
    SUM(CAST(`t9`.`plover_type` = 'ASSAULT' AS INT64)) AS `n_assault`
  FROM (
    SELECT
      `t8`.`pair`,
      `t8`.`SQLDATE` AS `day`,
      CAST(FLOOR(ieee_divide(`t8`.`SQLDATE`, 100)) AS INT64) AS `month`,
      DATE(
        CAST(FLOOR(ieee_divide(`t8`.`SQLDATE`, 10000)) AS INT64),
        MOD(CAST(FLOOR(ieee_divide(`t8`.`SQLDATE`, 100)) AS INT64), 100),
        MOD(`t8`.`SQLDATE`, 100)
      ) AS `date`,
      `t8`.`GLOBALEVENTID` AS `event_id`,
      `t8`.`Actor1Code` AS `actor1`,
      `t8`.`Actor1Name` AS `actor1_name`,
      `t8`.`Actor1Type1Code` AS `actor1_type`,
      `t8`.`Actor2Code` AS `actor2`,
      `t8`.`Actor2Name` AS `actor2_name`,
      `t8`.`Actor2Type1Code` AS `actor2_type`,
      `t8`.`EventCode` AS `cameo`,
      `t8`.`EventRootCode` AS `cameo_root`,
      COALESCE(
        COALESCE(
          CASE `t8`.`EventBaseCode`
            WHEN '040'
            THEN 'CONSULT'
            WHEN '041'
            THEN 'CONSULT'
            WHEN '042'
            THEN 'CONSULT'
            WHEN '043'
            THEN 'CONSULT'
            WHEN '044'
            THEN 'CONSULT'
            WHEN '045'
            THEN 'CONSULT'
            WHEN '046'
            THEN 'CONSULT'
            WHEN '051'
            THEN 'SUPPORT'
            WHEN '052'
            THEN 'SUPPORT'
            WHEN '053'
            THEN 'SUPPORT'
            WHEN '054'
            THEN 'SUPPORT'
            WHEN '055'
            THEN 'CONCEDE'
            WHEN '056'
            THEN 'CONCEDE'
            WHEN '057'
            THEN 'AGREE'
            WHEN '061'
            THEN 'COOPERATE'
            WHEN '062'
            THEN 'COOPERATE'
            WHEN '063'
            THEN 'COOPERATE'
            WHEN '064'
            THEN 'COOPERATE'
            WHEN '071'
            THEN 'AID'
            WHEN '072'
            THEN 'AID'
            WHEN '073'
            THEN 'AID'
            WHEN '074'
            THEN 'AID'
            WHEN '075'
            THEN 'AID'
            WHEN '087'
            THEN 'RETREAT'
            ELSE CAST(NULL AS STRING)
          END,
          CASE `t8`.`EventRootCode`
            WHEN '01'
            THEN 'OTHER'
            WHEN '02'
            THEN 'REQUEST'
            WHEN '03'
            THEN 'AGREE'
            WHEN '04'
            THEN 'CONSULT'
            WHEN '05'
            THEN 'COOPERATE'
            WHEN '06'
            THEN 'COOPERATE'
            WHEN '07'
            THEN 'AID'
            WHEN '08'
            THEN 'CONCEDE'
            WHEN '09'
            THEN 'ACCUSE'
            WHEN '10'
            THEN 'REQUEST'
            WHEN '11'
            THEN 'ACCUSE'
            WHEN '12'
            THEN 'REJECT'
            WHEN '13'
            THEN 'THREATEN'
            WHEN '14'
            THEN 'PROTEST'
            WHEN '15'
            THEN 'MOBILIZE'
            WHEN '16'
            THEN 'SANCTION'
            WHEN '17'
            THEN 'COERCE'
            WHEN '18'
            THEN 'ASSAULT'
            WHEN '19'
            THEN 'ASSAULT'
            WHEN '20'
            THEN 'ASSAULT'
            ELSE CAST(NULL AS STRING)
          END
        ),
        'OTHER'
      ) AS `plover_type`,
      NULLIF(
        COALESCE(
          CASE `t8`.`EventBaseCode`
            WHEN '040'
            THEN ''
            WHEN '041'
            THEN 'phone'
            WHEN '042'
            THEN 'visit'
            WHEN '043'
            THEN 'host'
            WHEN '044'
            THEN 'third_party'
            WHEN '045'
            THEN 'mediate'
            WHEN '046'
            THEN 'negotiate'
            WHEN '051'
            THEN ''
            WHEN '052'
            THEN ''
            WHEN '053'
            THEN ''
            WHEN '054'
            THEN 'recognize'
            WHEN '055'
            THEN 'apologize'
            WHEN '056'
            THEN 'forgive'
            WHEN '057'
            THEN 'formal'
            WHEN '061'
            THEN 'economic'
            WHEN '062'
            THEN 'military'
            WHEN '063'
            THEN 'judicial'
            WHEN '064'
            THEN 'intelligence'
            WHEN '071'
            THEN 'economic'
            WHEN '072'
            THEN 'military'
            WHEN '073'
            THEN 'humanitarian'
            WHEN '074'
            THEN 'protection'
            WHEN '075'
            THEN 'asylum'
            WHEN '087'
            THEN ''
            ELSE CAST(NULL AS STRING)
          END,
          CASE `t8`.`EventRootCode`
            WHEN '03'
            THEN 'intent'
            WHEN '09'
            THEN 'investigate'
            WHEN '10'
            THEN 'demand'
            WHEN '19'
            THEN 'military'
            WHEN '20'
            THEN 'mass_violence'
            ELSE CAST(NULL AS STRING)
          END
        ),
        ''
      ) AS `plover_mode`,
      `t8`.`QuadClass` AS `quad_class`,
      `t8`.`GoldsteinScale` AS `goldstein`,
      `t8`.`NumMentions` AS `num_mentions`,
      `t8`.`NumSources` AS `num_sources`,
      `t8`.`NumArticles` AS `num_articles`,
      `t8`.`AvgTone` AS `avg_tone`,
      `t8`.`SOURCEURL` AS `source_url`
    FROM (
      SELECT
        `t7`.*
        EXCEPT (`_r2`)
      FROM (
        SELECT
          *
        FROM (
          SELECT
            `t5`.`GLOBALEVENTID`,
            `t5`.`SQLDATE`,
            `t5`.`DATEADDED`,
            `t5`.`Actor1Code`,
            `t5`.`Actor1Name`,
            `t5`.`Actor1Type1Code`,
            `t5`.`Actor2Code`,
            `t5`.`Actor2Name`,
            `t5`.`Actor2Type1Code`,
            `t5`.`EventCode`,
            `t5`.`EventBaseCode`,
            `t5`.`EventRootCode`,
            `t5`.`QuadClass`,
            `t5`.`GoldsteinScale`,
            `t5`.`NumMentions`,
            `t5`.`NumSources`,
            `t5`.`NumArticles`,
            `t5`.`AvgTone`,
            `t5`.`SOURCEURL`,
            `t5`.`pair`,
            ROW_NUMBER() OVER (
              PARTITION BY `t5`.`pair`, `t5`.`SQLDATE`, `t5`.`Actor1Code`, `t5`.`Actor2Code`, `t5`.`EventCode`, COALESCE(`t5`.`SOURCEURL`, CAST(`t5`.`GLOBALEVENTID` AS STRING))
              ORDER BY `t5`.`DATEADDED` ASC, `t5`.`GLOBALEVENTID` ASC
            ) - 1 AS `_r2`
          FROM (
            SELECT
              `t4`.*
              EXCEPT (`_r1`)
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  `t2`.`GLOBALEVENTID`,
                  `t2`.`SQLDATE`,
                  `t2`.`DATEADDED`,
                  `t2`.`Actor1Code`,
                  `t2`.`Actor1Name`,
                  `t2`.`Actor1Type1Code`,
                  `t2`.`Actor2Code`,
                  `t2`.`Actor2Name`,
                  `t2`.`Actor2Type1Code`,
                  `t2`.`EventCode`,
                  `t2`.`EventBaseCode`,
                  `t2`.`EventRootCode`,
                  `t2`.`QuadClass`,
                  `t2`.`GoldsteinScale`,
                  `t2`.`NumMentions`,
                  `t2`.`NumSources`,
                  `t2`.`NumArticles`,
                  `t2`.`AvgTone`,
                  `t2`.`SOURCEURL`,
                  `t2`.`pair`,
                  ROW_NUMBER() OVER (
                    PARTITION BY `t2`.`GLOBALEVENTID`
                    ORDER BY `t2`.`DATEADDED` ASC, `t2`.`GLOBALEVENTID` ASC
                  ) - 1 AS `_r1`
                FROM (
                  SELECT
                    `t1`.`GLOBALEVENTID`,
                    `t1`.`SQLDATE`,
                    `t1`.`DATEADDED`,
                    `t1`.`Actor1Code`,
                    `t1`.`Actor1Name`,
                    `t1`.`Actor1Type1Code`,
                    `t1`.`Actor2Code`,
                    `t1`.`Actor2Name`,
                    `t1`.`Actor2Type1Code`,
                    `t1`.`EventCode`,
                    `t1`.`EventBaseCode`,
                    `t1`.`EventRootCode`,
                    `t1`.`QuadClass`,
                    `t1`.`GoldsteinScale`,
                    `t1`.`NumMentions`,
                    `t1`.`NumSources`,
                    `t1`.`NumArticles`,
                    `t1`.`AvgTone`,
                    `t1`.`SOURCEURL`,
                    CASE
                      WHEN (
                        `t1`.`_s1_USA` AND `t1`.`_s2_KAZ`
                      )
                      OR (
                        `t1`.`_s1_KAZ` AND `t1`.`_s2_USA`
                      )
                      THEN 'US-KZ'
                      WHEN (
                        `t1`.`_s1_RUS` AND `t1`.`_s2_KAZ`
                      )
                      OR (
                        `t1`.`_s1_KAZ` AND `t1`.`_s2_RUS`
                      )
                      THEN 'RU-KZ'
                      WHEN (
                        `t1`.`_s1_CHN` AND `t1`.`_s2_KAZ`
                      )
                      OR (
                        `t1`.`_s1_KAZ` AND `t1`.`_s2_CHN`
                      )
                      THEN 'CN-KZ'
                      ELSE NULL
                    END AS `pair`
                  FROM (
                    SELECT
                      `t0`.`GLOBALEVENTID`,
                      `t0`.`SQLDATE`,
                      `t0`.`DATEADDED`,
                      `t0`.`Actor1Code`,
                      `t0`.`Actor1Name`,
                      `t0`.`Actor1Type1Code`,
                      `t0`.`Actor2Code`,
                      `t0`.`Actor2Name`,
                      `t0`.`Actor2Type1Code`,
                      `t0`.`EventCode`,
                      `t0`.`EventBaseCode`,
                      `t0`.`EventRootCode`,
                      `t0`.`QuadClass`,
                      `t0`.`GoldsteinScale`,
                      `t0`.`NumMentions`,
                      `t0`.`NumSources`,
                      `t0`.`NumArticles`,
                      `t0`.`AvgTone`,
                      `t0`.`SOURCEURL`,
                      `t0`.`Actor1CountryCode`,
                      `t0`.`Actor2CountryCode`,
                      COALESCE(`t0`.`Actor1CountryCode` = 'CHN', FALSE)
                      OR COALESCE(STARTS_WITH(`t0`.`Actor1Code`, 'CHN'), FALSE) AS `_s1_CHN`,
                      COALESCE(`t0`.`Actor1CountryCode` = 'KAZ', FALSE)
                      OR COALESCE(STARTS_WITH(`t0`.`Actor1Code`, 'KAZ'), FALSE) AS `_s1_KAZ`,
                      COALESCE(`t0`.`Actor1CountryCode` = 'RUS', FALSE)
                      OR COALESCE(STARTS_WITH(`t0`.`Actor1Code`, 'RUS'), FALSE) AS `_s1_RUS`,
                      COALESCE(`t0`.`Actor1CountryCode` = 'USA', FALSE)
                      OR COALESCE(STARTS_WITH(`t0`.`Actor1Code`, 'USA'), FALSE) AS `_s1_USA`,
                      COALESCE(`t0`.`Actor2CountryCode` = 'CHN', FALSE)
                      OR COALESCE(STARTS_WITH(`t0`.`Actor2Code`, 'CHN'), FALSE) AS `_s2_CHN`,
                      COALESCE(`t0`.`Actor2CountryCode` = 'KAZ', FALSE)
                      OR COALESCE(STARTS_WITH(`t0`.`Actor2Code`, 'KAZ'), FALSE) AS `_s2_KAZ`,
                      COALESCE(`t0`.`Actor2CountryCode` = 'RUS', FALSE)
                      OR COALESCE(STARTS_WITH(`t0`.`Actor2Code`, 'RUS'), FALSE) AS `_s2_RUS`,
                      COALESCE(`t0`.`Actor2CountryCode` = 'USA', FALSE)
                      OR COALESCE(STARTS_WITH(`t0`.`Actor2Code`, 'USA'), FALSE) AS `_s2_USA`
                    FROM `gdelt-bq.gdeltv2.events` AS `t0`
                    WHERE
                      (
                        (
                          (
                            `t0`.`Actor1CountryCode` = 'CHN'
                          )
                          OR (
                            `t0`.`Actor1CountryCode` = 'RUS'
                          )
                          OR (
                            `t0`.`Actor1CountryCode` = 'USA'
                          )
                          OR (
                            STARTS_WITH(`t0`.`Actor1Code`, 'CHN')
                            OR STARTS_WITH(`t0`.`Actor1Code`, 'RUS')
                            OR STARTS_WITH(`t0`.`Actor1Code`, 'USA')
                          )
                        )
                        AND (
                          (
                            `t0`.`Actor2CountryCode` = 'KAZ'
                          ) OR STARTS_WITH(`t0`.`Actor2Code`, 'KAZ')
                        )
                      )
                      OR (
                        (
                          (
                            `t0`.`Actor1CountryCode` = 'KAZ'
                          ) OR STARTS_WITH(`t0`.`Actor1Code`, 'KAZ')
                        )
                        AND (
                          (
                            `t0`.`Actor2CountryCode` = 'CHN'
                          )
                          OR (
                            `t0`.`Actor2CountryCode` = 'RUS'
                          )
                          OR (
                            `t0`.`Actor2CountryCode` = 'USA'
                          )
                          OR (
                            STARTS_WITH(`t0`.`Actor2Code`, 'CHN')
                            OR STARTS_WITH(`t0`.`Actor2Code`, 'RUS')
                            OR STARTS_WITH(`t0`.`Actor2Code`, 'USA')
                          )
                        )
                      )
                  ) AS `t1`
                ) AS `t2`
              ) AS `t3`
              WHERE
                `t3`.`_r1` = 0
            ) AS `t4`
          ) AS `t5`
        ) AS `t6`
        WHERE
          `t6`.`_r2` = 0
      ) AS `t7`
    ) AS `t8`
  ) AS `t9`
  GROUP BY
    1,
    2
) AS `t10`
ORDER BY
  `t10`.`pair` ASC NULLS LAST,
  `t10`.`month` ASC NULLS LAST
