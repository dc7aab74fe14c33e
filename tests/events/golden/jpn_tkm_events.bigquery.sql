SELECT
  `t7`.`pair`,
  DATE(
    CAST(FLOOR(ieee_divide(`t7`.`SQLDATE`, 10000)) AS INT64),
    MOD(CAST(FLOOR(ieee_divide(`t7`.`SQLDATE`, 100)) AS INT64), 100),
    MOD(`t7`.`SQLDATE`, 100)
  ) AS `date`,
  `t7`.`GLOBALEVENTID` AS `event_id`,
  `t7`.`Actor1Code` AS `actor1`,
  `t7`.`Actor1Name` AS `actor1_name`,
  `t7`.`Actor2Code` AS `actor2`,
  `t7`.`Actor2Name` AS `actor2_name`,
  `t7`.`EventCode` AS `cameo`,
  COALESCE(
    COALESCE(
      CASE `t7`.`EventBaseCode`
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
      CASE `t7`.`EventRootCode`
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
      CASE `t7`.`EventBaseCode`
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
      CASE `t7`.`EventRootCode`
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
  `t7`.`QuadClass` AS `quad_class`,
  `t7`.`GoldsteinScale` AS `goldstein`,
  `t7`.`NumMentions` AS `num_mentions`,
  `t7`.`NumSources` AS `num_sources`,
  `t7`.`NumArticles` AS `num_articles`,
  `t7`.`AvgTone` AS `avg_tone`,
  `t7`.`SOURCEURL` AS `source_url`
FROM (
  SELECT
    `t6`.*
    EXCEPT (`_r2`)
  FROM (
    SELECT
      *
    FROM (
      SELECT
        `t4`.`GLOBALEVENTID`,
        `t4`.`SQLDATE`,
        `t4`.`DATEADDED`,
        `t4`.`Actor1Code`,
        `t4`.`Actor1Name`,
        `t4`.`Actor1Type1Code`,
        `t4`.`Actor2Code`,
        `t4`.`Actor2Name`,
        `t4`.`Actor2Type1Code`,
        `t4`.`EventCode`,
        `t4`.`EventBaseCode`,
        `t4`.`EventRootCode`,
        `t4`.`QuadClass`,
        `t4`.`GoldsteinScale`,
        `t4`.`NumMentions`,
        `t4`.`NumSources`,
        `t4`.`NumArticles`,
        `t4`.`AvgTone`,
        `t4`.`SOURCEURL`,
        `t4`.`pair`,
        ROW_NUMBER() OVER (
          PARTITION BY `t4`.`pair`, `t4`.`SQLDATE`, `t4`.`Actor1Code`, `t4`.`Actor2Code`, `t4`.`EventCode`, COALESCE(`t4`.`SOURCEURL`, CAST(`t4`.`GLOBALEVENTID` AS STRING))
          ORDER BY `t4`.`DATEADDED` ASC, `t4`.`GLOBALEVENTID` ASC
        ) - 1 AS `_r2`
      FROM (
        SELECT
          `t3`.*
          EXCEPT (`_r1`)
        FROM (
          SELECT
            *
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
              `t1`.`pair`,
              ROW_NUMBER() OVER (
                PARTITION BY `t1`.`GLOBALEVENTID`
                ORDER BY `t1`.`DATEADDED` ASC, `t1`.`GLOBALEVENTID` ASC
              ) - 1 AS `_r1`
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
                CASE
                  WHEN (
                    (
                      COALESCE(`t0`.`Actor1CountryCode` = 'JPN', FALSE)
                      OR COALESCE(STARTS_WITH(`t0`.`Actor1Code`, 'JPN'), FALSE)
                    )
                    AND (
                      COALESCE(`t0`.`Actor2CountryCode` = 'TKM', FALSE)
                      OR COALESCE(STARTS_WITH(`t0`.`Actor2Code`, 'TKM'), FALSE)
                    )
                  )
                  OR (
                    (
                      COALESCE(`t0`.`Actor1CountryCode` = 'TKM', FALSE)
                      OR COALESCE(STARTS_WITH(`t0`.`Actor1Code`, 'TKM'), FALSE)
                    )
                    AND (
                      COALESCE(`t0`.`Actor2CountryCode` = 'JPN', FALSE)
                      OR COALESCE(STARTS_WITH(`t0`.`Actor2Code`, 'JPN'), FALSE)
                    )
                  )
                  THEN 'JPN-TKM'
                  ELSE NULL
                END AS `pair`
              FROM `gdelt-bq.gdeltv2.events` AS `t0`
              WHERE
                (
                  (
                    (
                      `t0`.`Actor1CountryCode` = 'JPN'
                    ) OR STARTS_WITH(`t0`.`Actor1Code`, 'JPN')
                  )
                  AND (
                    (
                      `t0`.`Actor2CountryCode` = 'TKM'
                    ) OR STARTS_WITH(`t0`.`Actor2Code`, 'TKM')
                  )
                )
                OR (
                  (
                    (
                      `t0`.`Actor1CountryCode` = 'TKM'
                    ) OR STARTS_WITH(`t0`.`Actor1Code`, 'TKM')
                  )
                  AND (
                    (
                      `t0`.`Actor2CountryCode` = 'JPN'
                    ) OR STARTS_WITH(`t0`.`Actor2Code`, 'JPN')
                  )
                )
            ) AS `t1`
          ) AS `t2`
          WHERE
            `t2`.`_r1` = 0
        ) AS `t3`
      ) AS `t4`
    ) AS `t5`
    WHERE
      `t5`.`_r2` = 0
  ) AS `t6`
) AS `t7`
